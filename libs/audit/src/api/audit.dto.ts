import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { IsPositionConstraint, IsRfc3339Time, ReadQueryDto } from '@pp/platform';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, Validate } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** Path parameter `{streamId}`, e.g. `partner-vn-ent-saoviet`. */
export class StreamIdParam {
  @ApiProperty({ example: 'partner-vn-ent-saoviet' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,300}$/, { message: 'streamId is not a stream name' }) streamId!: string;
}

/** Query of GET /v1/audit/streams/{streamId}/events. */
export class StreamEventsQuery extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'revision to start at (inclusive); the cursor of the previous page' }) @IsOptional() @Validate(IsPositionConstraint) cursor?: string;
  @ApiPropertyOptional({ enum: ['forwards', 'backwards'] }) @IsOptional() @IsIn(['forwards', 'backwards']) direction?: 'forwards' | 'backwards';
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** Query of GET /v1/audit/events. */
export class GlobalEventsQuery extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'exclusive global position to read after; the cursor of the previous page' }) @IsOptional() @Validate(IsPositionConstraint) after?: string;
  @ApiPropertyOptional({ description: 'comma-separated event types' }) @IsOptional() @Matches(/^[A-Za-z]{1,100}(,[A-Za-z]{1,100}){0,49}$/, { message: 'types must be comma-separated event types' }) types?: string;
  // Rounded up: "recorded at or after" and "recorded before" a sub-millisecond time stay exact with millisecond times.
  @ApiPropertyOptional({ description: 'recorded at or after; RFC 3339 (e.g. 2026-11-23T03:00:00Z or 2026-11-23T10:00:00+07:00), normalised to UTC' }) @IsOptional() @IsRfc3339Time('up') from?: string;
  @ApiPropertyOptional({ description: 'recorded before; RFC 3339, normalised to UTC' }) @IsOptional() @IsRfc3339Time('up') to?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** Query of the as-of endpoints. */
export class AsOfQuery extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'RFC 3339 time (e.g. 2026-11-23T03:00:00Z or 2026-11-23T10:00:00+07:00); the state after every event that occurred at or before it (default: now); answered normalised to UTC' })
  @IsOptional()
  @IsRfc3339Time('down')
  asOf?: string;
}

/** Path parameter `{partnerId}` / `{accountId}`. */
export class SubjectParam {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'not a valid account id' }) id!: string;
}
