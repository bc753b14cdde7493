import { BACKWARDS, END, excludeSystemEvents, FORWARDS, jsonEvent, KurrentDBClient, ReadPosition, START, StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { checkAppends, checkExpected, MAX_EVENTS_PER_APPEND } from '../expected-revision';
import { AppendResult, EventData, EventStore, ExpectedRevision, JsonObject, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, Subscription } from '../types';
import { appendAtomically, detectMultiAppendMode, isUnsupported, modeBelow, MultiAppendMode, storedMetadata, toActualRevision, toStreamState } from './esdb-multi-append';
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
    metadata: storedMetadata(e.metadata, e.id),
    recordedAt: e.created.toISOString(),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Options of {@link EsdbEventStore.connect}. */
export interface EsdbEventStoreOptions {
  /** Where the adapter says, once per client, which multi-stream append the server offers. */
  readonly log?: (line: string) => void;
}

const MODE_LINES: Record<MultiAppendMode, string> = {
  'append-records': 'multi-stream appends are atomic, condition entries included (appendRecords, KurrentDB 26.1+)',
  'multi-stream-append': 'multi-stream appends are atomic for the written streams (multiStreamAppend, KurrentDB 25.1+); condition entries are checked by a read just before',
  sequential: 'the server has no multi-stream append (EventStoreDB before KurrentDB 25.1): conditions are read, then entries are appended one after another, not atomically',
};

/**
 * The event store on EventStoreDB and KurrentDB (`@kurrent/kurrentdb-client`): expected revisions
 * map one to one onto the client's stream states, `WrongExpectedVersionError` becomes
 * {@link WrongExpectedRevisionError}, an absent stream reads as empty, `$all` is read without system
 * events, and positions pack EventStoreDB's (commit, prepare) pair exactly (see `packPosition`).
 * Event ids come from the caller (derived from idempotency keys), so the server itself deduplicates
 * a retried append. Its catch-up subscription excludes system events and resubscribes with backoff
 * from the last position handled. Multi-stream appends use the server's atomic append where it has
 * one (see {@link appendToStreams}). It offers none of the optional capabilities: `$all` has no
 * snapshot reads nor a cheap count, and it is no SQL database.
 */
export class EsdbEventStore implements EventStore {
  private mode: Promise<MultiAppendMode> | undefined;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly options: EsdbEventStoreOptions,
  ) {}

  /** Connects with a connection string such as `kurrentdb://localhost:2113?tls=false` (`esdb://` works too). */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return EsdbEventStore.over(KurrentDBClient.connectionString(connectionString), options);
  }

  /** The store over a client made elsewhere; {@link close} disposes of it. */
  static over(client: KurrentDBClient, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(client, options);
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
        { streamState: toStreamState(options.expectedRevision) },
      );
      // EventStoreDB answers a replay of the same event ids with the first result, without saying so.
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position ? packPosition(result.position) : 0n, duplicate: false };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw new WrongExpectedRevisionError(streamId, options.expectedRevision, toActualRevision(error.actualState));
      throw error;
    }
  }

  /**
   * Which multi-stream append the connected server offers, asked once per client without writing
   * (`detectMultiAppendMode`) and logged through `options.log`; a server that could not be reached
   * is asked again on the next call.
   * @throws the client's `UnavailableError` (or another error of an unreachable server) while the server cannot be reached.
   */
  multiAppendMode(): Promise<MultiAppendMode> {
    this.mode ??= detectMultiAppendMode(this.client).then(
      (mode) => {
        this.options.log?.(`EventStoreDB: ${MODE_LINES[mode]}`);
        return mode;
      },
      (error: unknown) => {
        this.mode = undefined;
        throw error;
      },
    );
    return this.mode;
  }

  /**
   * By what the server offers ({@link multiAppendMode}):
   * - KurrentDB 26.1+: one atomic `appendRecords`, every entry a stream-state check, so all or none
   *   and no write skew, as on the SQL stores;
   * - KurrentDB 25.1+: condition entries checked by reading each stream's last revision, then the
   *   writing entries in one atomic `multiStreamAppend` (the server refuses an append of no
   *   records, so a condition cannot go in it): all or none, but a writer of a condition stream can
   *   slip in between the read and the append;
   * - older servers: conditions read, then the writing entries appended one after another, the
   *   command's own stream last (the caller puts it last): neither all or none nor free of write
   *   skew (docs/event-store.md, "Multi-stream appends on EventStoreDB").
   * A server that turns out to lack the method at the call (a node of an older version after a
   * failover) moves the client to the next mode down; nothing was sent then.
   * @throws WrongExpectedRevisionError naming the stream of an entry whose expected revision does not hold.
   * @throws InvalidAppendError for a call the port refuses (`checkAppends`).
   * @throws the client's `UnavailableError` while the server cannot be reached.
   */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppends(appends);
    for (;;) {
      const mode = await this.multiAppendMode();
      if (mode === 'sequential') return this.appendOneAfterAnother(appends);
      try {
        return await this.appendAtOnce(appends, mode);
      } catch (error) {
        if (!isUnsupported(error)) throw error;
        this.mode = Promise.resolve(modeBelow(mode));
        this.options.log?.(`EventStoreDB: ${error.message}; ${MODE_LINES[await this.mode]}`);
      }
    }
  }

  private async appendAtOnce(appends: readonly StreamAppend[], mode: Exclude<MultiAppendMode, 'sequential'>): Promise<AppendResult[]> {
    const checked = mode === 'multi-stream-append' ? await this.checkConditions(appends) : new Map<string, bigint>();
    const revisions = await appendAtomically(this.client, appends, mode);
    // The answer has one position for the whole commit; each entry's is that of its last event, read back at its revision.
    const results = new Map<string, AppendResult>();
    for (const a of appends.filter((x) => x.events.length > 0)) {
      const revision = revisions.get(a.streamId)!;
      const [last] = await this.readStream(a.streamId, { fromRevision: revision, maxCount: 1 });
      results.set(a.streamId, { nextExpectedRevision: revision, position: last?.position ?? 0n, duplicate: false });
    }
    const lastPosition = [...results.values()].reduce((p, r) => (r.position > p ? r.position : p), 0n);
    const conditions = await this.conditionRevisions(appends, checked);
    return appends.map((a) => results.get(a.streamId) ?? { nextExpectedRevision: conditions.get(a.streamId)!, position: lastPosition, duplicate: false });
  }

  private async appendOneAfterAnother(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const revisions = await this.checkConditions(appends);
    const written = new Map<string, AppendResult>();
    for (const a of appends.filter((x) => x.events.length > 0)) written.set(a.streamId, await this.appendToStream(a.streamId, a.events, { expectedRevision: a.expectedRevision }));
    const lastPosition = [...written.values()].reduce((p, r) => (r.position > p ? r.position : p), 0n);
    return appends.map((a) => written.get(a.streamId) ?? { nextExpectedRevision: revisions.get(a.streamId)!, position: lastPosition, duplicate: false });
  }

  /** Checks each condition entry against its stream's last revision, by a read; answers those revisions. */
  private async checkConditions(appends: readonly StreamAppend[]): Promise<Map<string, bigint>> {
    const revisions = new Map<string, bigint>();
    for (const a of appends.filter((x) => x.events.length === 0)) {
      const actual = await this.lastRevision(a.streamId);
      if (!checkExpected(a.expectedRevision, actual)) throw new WrongExpectedRevisionError(a.streamId, a.expectedRevision, actual);
      revisions.set(a.streamId, actual);
    }
    return revisions;
  }

  /** Each condition entry's revision: known from its check or its exact expected revision, else (`any`, `stream_exists` on 26.1+) read after the commit, so possibly a later one. */
  private async conditionRevisions(appends: readonly StreamAppend[], checked: Map<string, bigint>): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const a of appends.filter((x) => x.events.length === 0)) {
      const e = a.expectedRevision;
      out.set(a.streamId, checked.get(a.streamId) ?? (typeof e === 'bigint' ? e : e === 'no_stream' ? -1n : await this.lastRevision(a.streamId)));
    }
    return out;
  }

  private async lastRevision(streamId: string): Promise<bigint> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1n;
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
