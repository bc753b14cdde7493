import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../domain/domain-error';

/** One invalid field of a request: its dotted path (`company.legalName`) and what is wrong with it. */
export interface FieldError {
  readonly field: string;
  readonly messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The refusal of an invalid request: 400 `VALIDATION_FAILED` with per-field `errors`. Every
 * validation failure, whoever finds it, leaves in this one shape.
 */
export function validationFailed(errors: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', 'invalid', 'the request is not valid; see errors', { errors });
}

/**
 * The global ValidationPipe: unknown properties are refused (whitelist + forbidNonWhitelisted),
 * payloads are transformed into their DTO classes, and failures become 400 `VALIDATION_FAILED`
 * with per-field `errors`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
