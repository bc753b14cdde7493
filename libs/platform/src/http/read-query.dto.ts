import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

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


/** A page query: `limit` (1-200, default 50) and the `cursor` of the previous page, with `minPosition`. */
export class PageQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512) cursor?: string;
}
