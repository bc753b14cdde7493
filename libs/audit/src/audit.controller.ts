import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, Validate } from 'class-validator';
import { Roles } from '@pp/auth';
import { READ_WAIT_MS } from '@pp/read-store';
import { EVENT_STORE, EventStore, JsonObject, RecordedEvent } from '@pp/event-store';
import { customerDecider, customerStream } from '@pp/customers';
import { partnerDecider, partnerStream } from '@pp/partners';
import { CommandContext, Ctx, DomainError, IsPositionConstraint, IsRfc3339Time, ReadQueryDto, upcastAll } from '@pp/platform';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** An event as auditors see it: every stored field, revisions and positions as decimal strings. */
export interface AuditEvent {
  streamId: string;
  revision: string;
  position: string;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recordedAt: string;
}

/** A page of events and the cursor of the next one (null at the end). */
export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

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
  @ApiProperty() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'not a valid account id' }) id!: string;
}

/** A subject's state folded from its stream up to a time, and where in the log that fold stopped. */
export interface StateAsOf {
  subject: string;
  asOf: string;
  state: unknown;
  /** Revision and global position of the last event folded; null when none had happened by then. */
  revision: string | null;
  position: string | null;
  eventsFolded: number;
}

/** How many events one filtered request examines at most before it answers with a cursor. */
const SCAN_LIMIT = 10_000;

const view = (e: RecordedEvent): AuditEvent => ({
  streamId: e.streamId,
  revision: e.revision.toString(),
  position: e.position.toString(),
  eventId: e.eventId,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt,
});

/**
 * History for auditors (SPEC section 8): one stream's events, or the global log from a position,
 * with every metadata field, straight from the event store (not a read model). Old event versions
 * are shown upcast to the current schema, as every other reader sees them.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
@Roles('auditor')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_WAIT_MS) private readonly readWaitMs: number,
  ) {}

  /** Read-your-writes against the log itself: waits (bounded) until `minPosition` is visible. */
  private async reach(minPosition?: string): Promise<void> {
    if (minPosition === undefined) return;
    const target = BigInt(minPosition);
    const deadline = Date.now() + this.readWaitMs;
    while ((await this.store.headPosition()) < target) {
      if (Date.now() > deadline) throw new DomainError('READ_MODEL_BEHIND', 'unavailable', `the log does not show position ${minPosition} yet; retry shortly`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  @Get('streams/:streamId/events')
  async stream(@Param() { streamId }: StreamIdParam, @Query() query: StreamEventsQuery): Promise<AuditPage> {
    await this.reach(query.minPosition);
    const limit = query.limit ?? 100;
    const direction = query.direction ?? 'forwards';
    const events = upcastAll(await this.store.readStream(streamId, { fromRevision: query.cursor === undefined ? undefined : BigInt(query.cursor), direction, maxCount: limit + 1 }));
    const page = events.slice(0, limit);
    const next = events[limit];
    return { items: page.map(view), nextCursor: next ? next.revision.toString() : null };
  }

  /** A partner as it stood at `asOf`: its stream folded by the same decider the commands use. */
  @Get('partners/:id')
  partnerAsOf(@Param() { id }: SubjectParam, @Query() query: AsOfQuery, @Ctx() ctx: CommandContext): Promise<StateAsOf> {
    return this.asOf(partnerStream(id), id, partnerDecider, query, ctx.now);
  }

  /** A customer relationship as it stood at `asOf`. */
  @Get('customers/:id')
  customerAsOf(@Param() { id }: SubjectParam, @Query() query: AsOfQuery, @Ctx() ctx: CommandContext): Promise<StateAsOf> {
    return this.asOf(customerStream(id), id, customerDecider, query, ctx.now);
  }

  /**
   * Folds the events whose `occurredAt` (the time the decision was taken, in the metadata of every
   * event) is at or before `asOf`. Events keep that order within a stream, so the fold stops at the
   * first later one.
   */
  private async asOf<S>(streamId: string, subject: string, decider: { initialState: S; evolve(s: S, e: never): S }, query: AsOfQuery, now: Date): Promise<StateAsOf> {
    await this.reach(query.minPosition);
    const asOf = query.asOf ?? now.toISOString();
    const events = upcastAll(await this.store.readStream(streamId));
    let state = decider.initialState;
    let last: RecordedEvent | undefined;
    let folded = 0;
    for (const e of events) {
      const at = String(e.metadata.occurredAt ?? e.recordedAt);
      if (at > asOf) break;
      state = decider.evolve(state, { type: e.type, data: e.data } as never);
      last = e;
      folded += 1;
    }
    if (folded === 0 && events.length === 0) throw new DomainError('SUBJECT_NOT_FOUND', 'not_found', `no stream ${streamId}`);
    return { subject, asOf, state, revision: last ? last.revision.toString() : null, position: last ? last.position.toString() : null, eventsFolded: folded };
  }

  @Get('events')
  async global(@Query() query: GlobalEventsQuery): Promise<AuditPage> {
    if (query.from && query.to && query.from >= query.to) throw new DomainError('VALIDATION_FAILED', 'invalid', 'from must be before to', { errors: [{ field: 'from', messages: ['from must be before to'] }] });
    await this.reach(query.minPosition);
    const limit = query.limit ?? 100;
    const types = query.types ? new Set(query.types.split(',')) : undefined;
    const items: AuditEvent[] = [];
    let after = BigInt(query.after ?? '0');
    let scanned = 0;
    for (;;) {
      const batch = await this.store.readAll({ after, maxCount: 500 });
      if (batch.length === 0) return { items, nextCursor: null };
      for (const e of upcastAll(batch)) {
        after = e.position;
        scanned += 1;
        if ((!types || types.has(e.type)) && (!query.from || e.recordedAt >= query.from) && (!query.to || e.recordedAt < query.to)) items.push(view(e));
        if (items.length === limit || scanned >= SCAN_LIMIT) return { items, nextCursor: after.toString() };
      }
    }
  }
}
