import {
  ANY,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  ReadPosition,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { checkAppends, checkExpected, MAX_EVENTS_PER_APPEND } from '../expected-revision';
import { AppendResult, EventData, EventStore, ExpectedRevision, JsonObject, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, Subscription } from '../types';
import { packPosition, unpackPosition } from './esdb-position';

interface EsdbRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint; prepare: bigint };
}

const toExpected = (expected: ExpectedRevision): AppendExpectedRevision =>
  expected === 'no_stream' ? NO_STREAM : expected === 'stream_exists' ? STREAM_EXISTS : expected === 'any' ? ANY : expected;

/** System streams and events (`$`-prefixed) are EventStoreDB's own, never the application's. */
const isSystem = (e: EsdbRecorded) => e.streamId.startsWith('$') || e.type.startsWith('$');

function toRecorded(e: EsdbRecorded): RecordedEvent {
  return {
    streamId: e.streamId,
    revision: e.revision,
    // Stream reads carry positions from server 22.6 on; an older server gives none (0n).
    position: e.position ? packPosition(e.position) : 0n,
    eventId: e.id,
    type: e.type,
    data: e.data as JsonObject,
    metadata: (e.metadata ?? {}) as JsonObject,
    recordedAt: e.created.toISOString(),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * The event store on EventStoreDB (`@eventstore/db-client`): expected revisions map one to one,
 * `WrongExpectedVersionError` becomes {@link WrongExpectedRevisionError}, an absent stream reads as
 * empty, `$all` is read without system events, and positions pack EventStoreDB's (commit, prepare)
 * pair exactly (see `packPosition`). Event ids come from the caller (derived from idempotency keys),
 * so the server itself deduplicates a retried append. Its catch-up subscription excludes system
 * events and resubscribes with backoff from the last position handled. It offers none of the
 * optional capabilities: `$all` has no snapshot reads nor a cheap count, and it is no SQL database.
 */
export class EsdbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  /** Connects with a connection string such as `esdb://localhost:2113?tls=false`. */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
        { expectedRevision: toExpected(options.expectedRevision) },
      );
      // EventStoreDB answers a replay of the same event ids with the first result, without saying so.
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position ? packPosition(result.position) : 0n, duplicate: false };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : -1n;
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  /**
   * EventStoreDB before KurrentDB 25.1 has no multi-stream append, and this client (6.x) none at
   * all: conditions are checked by reading each stream's last revision, then the writing entries are
   * appended one after another. Neither step is atomic with the next, so the write-skew and
   * all-or-none guarantees of the SQL stores hold here only up to that window; docs/event-store.md
   * says so. The server's atomic append (KurrentDB 25.1+) is reachable only through the newer
   * client, `@kurrent/kurrentdb-client` (`multiStreamAppend`, later `multiAppend`): moving to it
   * closes the window on those servers, and this path stays for older ones.
   */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppends(appends);
    const revisions = new Map<string, bigint>();
    for (const a of appends.filter((x) => x.events.length === 0)) {
      const [last] = await this.readStream(a.streamId, { direction: 'backwards', maxCount: 1 });
      const actual = last ? last.revision : -1n;
      if (!checkExpected(a.expectedRevision, actual)) throw new WrongExpectedRevisionError(a.streamId, a.expectedRevision, actual);
      revisions.set(a.streamId, actual);
    }
    const written = new Map<string, AppendResult>();
    for (const a of appends.filter((x) => x.events.length > 0)) written.set(a.streamId, await this.appendToStream(a.streamId, a.events, { expectedRevision: a.expectedRevision }));
    const lastPosition = [...written.values()].reduce((p, r) => (r.position > p ? r.position : p), 0n);
    return appends.map((a) => written.get(a.streamId) ?? { nextExpectedRevision: revisions.get(a.streamId)!, position: lastPosition, duplicate: false });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        direction: backwards ? BACKWARDS : FORWARDS,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        if (resolved.event) out.push(toRecorded(resolved.event as EsdbRecorded));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const max = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    // `fromPosition` is inclusive and system events count towards `maxCount`: read on until the page is full.
    let from: ReadPosition = after === 0n ? START : unpackPosition(after);
    for (;;) {
      let read = 0;
      let last: RecordedEvent | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: max + 1 })) {
        read += 1;
        const e = resolved.event as EsdbRecorded | undefined;
        if (!e) continue;
        const recorded = toRecorded(e);
        last = recorded;
        if (recorded.position <= after || isSystem(e) || out.some((o) => o.position === recorded.position)) continue;
        out.push(recorded);
        if (out.length === max) return out;
      }
      if (read < max + 1 || !last) return out;
      from = unpackPosition(last.position);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let current = options.after ?? 0n;
    let running = true;
    let active: { unsubscribe(): Promise<void> } | undefined;
    const done = (async () => {
      let attempt = 0;
      while (running) {
        try {
          const subscription = this.client.subscribeToAll({ fromPosition: current === 0n ? START : unpackPosition(current), filter: excludeSystemEvents() });
          active = subscription;
          for await (const resolved of subscription) {
            if (!running) break;
            const e = resolved.event as EsdbRecorded | undefined;
            if (!e || !e.position) continue;
            const recorded = toRecorded(e);
            if (recorded.position <= current) continue;
            await options.handler([recorded]);
            current = recorded.position;
            attempt = 0;
          }
        } catch (error) {
          if (!running) break;
          attempt += 1;
          options.onError?.(error, attempt);
          await sleep(Math.min(30_000, 100 * 2 ** Math.min(attempt - 1, 9)));
        }
      }
    })();
    return {
      get position() {
        return current;
      },
      async stop() {
        running = false;
        await active?.unsubscribe().catch(() => undefined);
        await done;
      },
    };
  }

  /** The last application event's position: pages back over system events (there may be many) to find it. */
  async headPosition(): Promise<bigint> {
    const PAGE = 1000;
    let from: ReadPosition = END;
    for (;;) {
      let read = 0;
      let oldest: { commit: bigint; prepare: bigint } | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: PAGE })) {
        read += 1;
        const e = resolved.event as EsdbRecorded | undefined;
        if (!e?.position) continue;
        if (!isSystem(e)) return packPosition(e.position);
        oldest = e.position;
      }
      // `fromPosition` is inclusive backwards too: the next page starts with the oldest one seen.
      if (read < PAGE || !oldest) return 0n;
      from = oldest;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
