import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { JsonObject } from '@pp/event-store';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { IsPositionConstraint, IsRfc3339Time, ReadQueryDto } from '@pp/platform';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, Validate } from 'class-validator';
import type { AuditEvent, AuditPage } from '../application/audit-log.queries';
import type { StateAsOf } from '../application/state-as-of.query';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** Path parameter `{streamId}`, e.g. `partner-vn-ent-saoviet`. */
/** A stream name as the stores accept it. */
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,300}$/;

export class StreamIdParam {
  @ApiProperty({ example: 'partner-vn-ent-saoviet' }) @Matches(STREAM_ID, { message: 'streamId is not a stream name' }) streamId!: string;
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

/** Query of GET /v1/audit/integrity: one stream, or the whole log when absent. */
export class IntegrityQuery {
  @ApiPropertyOptional({ example: 'partner-vn-ent-saoviet', description: 'the stream to verify; the whole log when absent (at most 100,000 events here, `npm run audit:verify` beyond)' })
  @IsOptional()
  @Matches(STREAM_ID, { message: 'streamId is not a stream name' })
  streamId?: string;
}

/** The first broken link of the integrity chain. */
export class ChainBreakView {
  @ApiProperty({ example: 'partner-vn-ent-saoviet' }) streamId!: string;
  @ApiProperty({ example: '3', description: 'revision, decimal string' }) revision!: string;
  @ApiProperty({ type: String, nullable: true, example: '66060288', description: 'global position, decimal string; null for a truncation' }) position!: string | null;
  @ApiProperty({ example: 'the content does not match its hash: the event was altered' }) reason!: string;
}

/** GET /v1/audit/integrity: what the walk checked and the first break, if any. */
export class IntegrityView {
  @ApiProperty({ type: String, nullable: true, example: 'partner-vn-ent-saoviet', description: 'null for the whole log' }) streamId!: string | null;
  @ApiProperty({ example: 7, description: 'events checked' }) events!: number;
  @ApiProperty({ example: 1 }) streams!: number;
  @ApiProperty({ example: 0, description: 'events written before the chain existed: not covered' }) unchained!: number;
  @ApiProperty({ description: 'every event checked is intact and chained' }) verified!: boolean;
  @ApiPropertyOptional({ type: ChainBreakView, nullable: true }) firstBroken!: ChainBreakView | null;
}

/** An event as auditors see it: every stored field; revision and position decimal strings, `recordedAt` UTC ISO-8601. */
@ApiSchema({ name: 'AuditEvent' })
export class AuditEventView implements AuditEvent {
  @ApiProperty({ example: 'partner-vn-ent-saoviet' }) streamId!: string;
  @ApiProperty({ example: '0' }) revision!: string;
  @ApiProperty({ example: '48234496' }) position!: string;
  @ApiProperty({ example: '0b6f7c1e-3f7a-5d6e-9a41-2f0c1d2e3f40' }) eventId!: string;
  @ApiProperty({ example: 'PartnerRegistered' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event, upcast to its current schema version', example: { partnerId: 'vn-ent-saoviet' } }) data!: JsonObject;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'actor (role, id), command, correlation and causation ids, occurredAt, schemaVersion, and the hash chain',
    example: { actor: { role: 'partner', id: 'vn-ent-saoviet' }, command: 'RegisterPartner', correlationId: 'c0ffee00-0000-4000-8000-000000000001', schemaVersion: 1 },
  })
  metadata!: JsonObject;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) recordedAt!: string;
}

/** A page of events and the cursor of the next one (null at the end). */
@ApiSchema({ name: 'AuditPage' })
export class AuditPageView implements AuditPage {
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiProperty({ type: String, nullable: true, example: '48234497' }) nextCursor!: string | null;
}

/** A partner or customer relationship as it stood at `asOf`, and where in its stream the fold stopped. */
@ApiSchema({ name: 'StateAsOf' })
export class StateAsOfView implements StateAsOf {
  @ApiProperty({ example: 'vn-ent-saoviet' }) subject!: string;
  @ApiProperty({ example: '2026-11-24T00:00:00.000Z', description: 'UTC ISO-8601' }) asOf!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the state the decider folds (its `status` first)', example: { status: 'pending_approval' } }) state!: unknown;
  @ApiProperty({ type: String, nullable: true, example: '0', description: 'revision of the last event folded; null when none had happened by then' }) revision!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '48234496' }) position!: string | null;
  @ApiProperty({ example: 1 }) eventsFolded!: number;
}

/** The price list that billed a customer at a time: assigned by its partner (from `effectiveMonth`, at `assignedAt`) or the program's default. */
export class CustomerPriceListAsOf {
  @ApiProperty({ example: 'vngcloud-standard' }) priceListId!: string;
  @ApiProperty({ type: String, nullable: true, example: '2027-01', description: '`YYYY-MM`; null for the default' }) effectiveMonth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T03:00:00.000Z', description: 'UTC ISO-8601; null for the default' }) assignedAt!: string | null;
  @ApiProperty({ enum: ['assigned', 'default'] }) source!: 'assigned' | 'default';
}

/** A customer relationship as it stood at `asOf`, and the price list that billed it in the month of `asOf` (null unless approved then). */
@ApiSchema({ name: 'CustomerStateAsOf' })
export class CustomerStateAsOfView extends StateAsOfView {
  @ApiProperty({ type: CustomerPriceListAsOf, nullable: true }) priceList!: CustomerPriceListAsOf | null;
}
