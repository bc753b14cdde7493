import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, JsonObject, RecordedEvent } from '@pp/event-store';
import { DomainError, upcastAll } from '@pp/platform';
import { READ_WAIT_MS } from '@pp/read-store';

/** An event as auditors see it: every stored field, revisions and positions as decimal strings, `recordedAt` UTC ISO-8601. */
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

/** What one page of a stream asks for; `cursor` is the revision to start at (inclusive), a decimal string. */
export interface StreamPageRequest {
  readonly cursor?: string;
  readonly direction?: 'forwards' | 'backwards';
  /** 1 to 1000; 100 when absent. */
  readonly limit?: number;
}

/**
 * What one page of the global log asks for: after the exclusive position `after` (a decimal
 * string), events of `types` (comma-separated) recorded in [`from`, `to`) (UTC ISO-8601).
 */
export interface GlobalPageRequest {
  readonly after?: string;
  readonly types?: string;
  readonly from?: string;
  readonly to?: string;
  /** 1 to 1000; 100 when absent. */
  readonly limit?: number;
}

/** How many events one filtered request examines at most before it answers with a cursor. */
const SCAN_LIMIT = 10_000;

/** An event as {@link AuditEvent}. */
export const toAuditEvent = (e: RecordedEvent): AuditEvent => ({
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
 * History for auditors (SPEC section 8), straight from the event store (not a read model). Old
 * event versions are shown upcast to the current schema, as every other reader sees them.
 */
@Injectable()
export class AuditLogQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_WAIT_MS) private readonly readWaitMs: number,
  ) {}

  /**
   * Read-your-writes against the log itself: waits (bounded) until `minPosition` (a decimal string)
   * is visible.
   * @throws DomainError `READ_MODEL_BEHIND` (503) after the read wait.
   */
  async reach(minPosition?: string): Promise<void> {
    if (minPosition === undefined) return;
    const target = BigInt(minPosition);
    const deadline = Date.now() + this.readWaitMs;
    while ((await this.store.headPosition()) < target) {
      if (Date.now() > deadline) throw new DomainError('READ_MODEL_BEHIND', 'unavailable', `the log does not show position ${minPosition} yet; retry shortly`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** One page of a stream's events; the next cursor is the revision the next page starts at. */
  async streamPage(streamId: string, request: StreamPageRequest): Promise<AuditPage> {
    const limit = request.limit ?? 100;
    const direction = request.direction ?? 'forwards';
    const events = upcastAll(await this.store.readStream(streamId, { fromRevision: request.cursor === undefined ? undefined : BigInt(request.cursor), direction, maxCount: limit + 1 }));
    const page = events.slice(0, limit);
    const next = events[limit];
    return { items: page.map(toAuditEvent), nextCursor: next ? next.revision.toString() : null };
  }

  /**
   * One page of the global log, filtered; it examines at most {@link SCAN_LIMIT} events, and answers
   * with the position reached as the cursor when the page is not full by then.
   */
  async globalPage(request: GlobalPageRequest): Promise<AuditPage> {
    const limit = request.limit ?? 100;
    const types = request.types ? new Set(request.types.split(',')) : undefined;
    const items: AuditEvent[] = [];
    let after = BigInt(request.after ?? '0');
    let scanned = 0;
    for (;;) {
      const batch = await this.store.readAll({ after, maxCount: 500 });
      if (batch.length === 0) return { items, nextCursor: null };
      for (const e of upcastAll(batch)) {
        after = e.position;
        scanned += 1;
        if ((!types || types.has(e.type)) && (!request.from || e.recordedAt >= request.from) && (!request.to || e.recordedAt < request.to)) items.push(toAuditEvent(e));
        if (items.length === limit || scanned >= SCAN_LIMIT) return { items, nextCursor: after.toString() };
      }
    }
  }
}
