import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** A global position: a decimal string of a signed 64-bit integer, 0 or more. */
@ValidatorConstraint({ name: 'isPosition' })
export class IsPositionConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a global position (a decimal integer below 2^63)`;
  }
}

/** `minPosition`: wait until the read model has reached this global position (decimal string). */
export class ReadQueryDto {
  @ApiPropertyOptional({ example: '48234496' }) @IsOptional() @Validate(IsPositionConstraint) minPosition?: string;
}

