import type { Database } from '@pp/database';
import type { QueryExecutorProvider } from 'kysely';

/**
 * The event store port. Its semantics follow EventStoreDB's: streams with revisions starting at 0,
 * expected-revision checks on append, one global log ordered by position, catch-up subscriptions.
 */

/** JSON-serialisable object, the only shape event data and metadata may have. */
export type JsonObject = { [key: string]: JsonValue };
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * What an append expects the stream to be:
 * - `'no_stream'`: the stream must not exist;
 * - `'stream_exists'`: the stream must have at least one event;
 * - `'any'`: no check;
 * - a bigint: the revision of the stream's last event (the first event of a stream is revision 0n).
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/**
 * An event to append. `eventId` is a UUID. Appending a batch whose ids are all already in the stream
 * is a replay: nothing is written and the first result comes back; a batch only partly stored, or
 * stored in another stream, is refused (`InvalidAppendError`).
 */
export interface EventData<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly eventId: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: JsonObject;
}

/** An event as stored. Revisions and positions are bigint: never convert them to number. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly streamId: string;
  /** Revision within its stream, 0-based. */
  readonly revision: bigint;
  /** Global log position: strictly increasing in the order every reader sees; not dense. */
  readonly position: bigint;
  readonly eventId: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: JsonObject;
  /** When the store committed it, UTC ISO-8601. */
  readonly recordedAt: string;
}

/** Result of an append: the stream's new last revision and the global position of the last event written. */
export interface AppendResult {
  readonly nextExpectedRevision: bigint;
  readonly position: bigint;
  /** True when every event id was already in the stream (an idempotent replay): nothing new was written. */
  readonly duplicate: boolean;
}

/**
 * One entry of {@link EventStore.appendToStreams}. An entry with no events is a condition: the
 * stream must still be at `expectedRevision` when the others are written, and no writer of it may
 * slip in between (the decision read a fact from it).
 */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly EventData[];
  readonly expectedRevision: ExpectedRevision;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Inclusive start; defaults to 0n forwards, the last event backwards. */
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Exclusive checkpoint: only events with a greater position are returned. 0n or absent = from the start. */
  readonly after?: bigint;
  readonly maxCount?: number;
}

/** Called with each batch of a catch-up subscription, in log order; it returns once the batch is durable. */
export type SubscriptionHandler = (events: readonly RecordedEvent[]) => Promise<void>;

/** Options of {@link EventStore.subscribeToAll}. */
export interface SubscribeOptions {
  /** Exclusive checkpoint to resume from. */
  readonly after?: bigint;
  readonly batchSize?: number;
  readonly handler: SubscriptionHandler;
  /** Called when the handler throws; the batch is retried with backoff, never skipped. */
  readonly onError?: (error: unknown, attempt: number) => void;
}

/** A running catch-up subscription. */
export interface Subscription {
  /** Stops after the batch in hand; resolves once the handler is no longer running. */
  stop(): Promise<void>;
  /** Position of the last batch handled. */
  readonly position: bigint;
}

/**
 * The event store port: every adapter (in-memory, PGlite, PostgreSQL, EventStoreDB) honours the
 * same contract, checked by `describeEventStoreContract`. Adapters may offer more
 * ({@link SnapshotReads}, {@link EventCounting}, {@link SameDatabaseLog}); callers ask with the type
 * guards (`hasSnapshotReads` and the others), never by the adapter's class.
 */
export interface EventStore {
  /**
   * Appends all events atomically or none.
   * @throws WrongExpectedRevisionError when the stream does not match `expectedRevision`.
   */
  appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams at once, all or none, each entry checked against its own expected
   * revision; entries without events are conditions only. Positions follow the entries' order. A
   * call whose every event id is already stored, each in its entry's stream, is a replay: nothing is
   * written and each writing entry answers its stored result (conditions then answer their current
   * revision). One result per entry, in order; a condition's `position` is that of the last event
   * written by the call.
   * @throws WrongExpectedRevisionError naming the first entry whose stream does not match.
   * @throws InvalidAppendError when no entry has events, more than {@link MAX_EVENTS_PER_APPEND} events in all, or a stream appears twice.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Reads one stream; an absent stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Pages the global log forwards. Only events every later reader will also see at these positions are returned. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up subscription to the global log, live after catching up. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last event visible in the global log, 0n when empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/**
 * One consistent view of the whole log: every event committed when it was taken, in position order,
 * and each stream's last revision as of the same instant.
 */
export interface LogSnapshot {
  /** Pages the snapshot's log forwards from the exclusive position `after`. */
  readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]>;
  /** The last revision of every stream (0-based), keyed by stream id. */
  streamHeads(): Promise<Map<string, bigint>>;
}

/**
 * Optional capability: reads on one snapshot of the log (the SQL stores: a REPEATABLE READ
 * transaction; the in-memory store: a copy). For verifications that must not see appends made
 * while they walk.
 */
export interface SnapshotReads {
  /** Runs `read` on one {@link LogSnapshot}; resolves with what `read` resolves with. */
  withSnapshot<T>(read: (log: LogSnapshot) => Promise<T>): Promise<T>;
}

/**
 * Optional capability: several streams read whole in one round trip (the SQL stores: one statement),
 * for a command that needs a few streams before it decides (issue 16: each read was a statement of
 * its own, and a statement's round trip cost the api more CPU than its work cost PostgreSQL).
 */
export interface MultiStreamReads {
  /**
   * Every stream of `streamIds` as {@link EventStore.readStream} reads it (forwards, whole), keyed
   * by stream id, an absent stream as empty; all read at one instant (one statement's snapshot).
   */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
}

/** Optional capability: a cheap count of the events in the log (for progress bars). */
export interface EventCounting {
  /** How many events the log holds. */
  countEvents(): Promise<bigint>;
}

/**
 * Optional capability of a log kept in a SQL database: it can be read through a connection or
 * transaction of that database, e.g. inside a projection rebuild's transaction on PGlite, whose one
 * connection that transaction holds.
 */
export interface SameDatabaseLog {
  /** True when this log lives in `database`, so {@link readAllWith} may be given its transactions. */
  isIn(database: Database): boolean;
  /**
   * {@link EventStore.readAll} through `db`, a connection or transaction of the log's database;
   * with `types`, only events of those types (filtered in SQL: a rebuild neither ships nor parses
   * the others), `maxCount` then counting the events returned.
   */
  readAllWith(db: QueryExecutorProvider, options?: ReadAllOptions & { readonly types?: readonly string[] }): Promise<RecordedEvent[]>;
}

/** Whether `store` offers {@link SnapshotReads}. */
export function hasSnapshotReads<S extends object>(store: S): store is S & SnapshotReads {
  return typeof (store as Partial<SnapshotReads>).withSnapshot === 'function';
}

/** Whether `store` offers {@link MultiStreamReads}. */
export function hasMultiStreamReads<S extends object>(store: S): store is S & MultiStreamReads {
  return typeof (store as Partial<MultiStreamReads>).readStreams === 'function';
}

/** Whether `store` offers {@link EventCounting}. */
export function hasEventCounting<S extends object>(store: S): store is S & EventCounting {
  return typeof (store as Partial<EventCounting>).countEvents === 'function';
}

/** Whether `store` offers {@link SameDatabaseLog}. */
export function hasSameDatabaseLog<S extends object>(store: S): store is S & SameDatabaseLog {
  const log = store as Partial<SameDatabaseLog>;
  return typeof log.isIn === 'function' && typeof log.readAllWith === 'function';
}

/** DI token of the process's {@link EventStore}. */
export const EVENT_STORE = Symbol('EventStore');
