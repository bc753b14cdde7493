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

/** How many field errors a refusal lists; the rest are counted in `errorsOmitted`. */
export const MAX_LISTED_ERRORS = 20;

/**
 * The refusal of an invalid request: 400 `VALIDATION_FAILED` with per-field `errors`, the first
 * {@link MAX_LISTED_ERRORS} of them, and `errorsOmitted` (how many more there were) when there were
 * more: a batch of 100 bad rows is refused as surely with 20 as with 300, and the answer stays
 * small. Every validation failure, whoever finds it, leaves in this one shape.
 */
export function validationFailed(errors: FieldError[]): DomainError {
  const omitted = errors.length - MAX_LISTED_ERRORS;
  return new DomainError('VALIDATION_FAILED', 'invalid', 'the request is not valid; see errors', omitted > 0 ? { errors: errors.slice(0, MAX_LISTED_ERRORS), errorsOmitted: omitted } : { errors });
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
