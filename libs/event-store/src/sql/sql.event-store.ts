import { Database, sql, toBigInt } from '@pp/database';
import { QueryExecutorProvider } from 'kysely';
import { AppendSignal, PollingCatchUpSubscription } from '../catch-up-subscription';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { checkAppends, expectedToText, MAX_EVENTS_PER_APPEND } from '../expected-revision';
import {
  AppendResult,
  EventCounting,
  EventData,
  EventStore,
  ExpectedRevision,
  JsonObject,
  LogSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SameDatabaseLog,
  SnapshotReads,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../types';
import { eventStoreMigrations } from './event-store.migrations';

interface EventRow {
  position: unknown;
  stream_id: string;
  revision: unknown;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recorded_at: Date | string;
}

/** How often the head watcher reads the visible head while subscribers wait, ms. */
export const HEAD_WATCH_MS = 10;

const VISIBLE = sql`position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 65536`;

/**
 * The event store on SQL: PostgreSQL through `pg`, or the embedded PGlite, with the same schema and
 * the same `es_append` function, which checks the expected revision and writes a batch in one
 * statement. See `eventStoreMigrations` for why positions are derived from transaction ids.
 */
export class SqlEventStore implements EventStore, SnapshotReads, EventCounting, SameDatabaseLog {
  private readonly signal = new AppendSignal();
  private watching = false;
  private closed = false;
  private lastHead = 0n;

  private constructor(private readonly database: Database) {}

  /** True when this log lives in `database`, so it can be read inside that database's transactions. */
  isIn(database: Database): boolean {
    return this.database === database;
  }

  /**
   * `readAll` through a given connection or transaction of this log's database: for a caller already
   * inside a transaction (a projection switch-over) on a store with one connection (PGlite).
   */
  readAllWith(db: QueryExecutorProvider, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllThrough(db, options);
  }

  /**
   * Migrates the schema. Subscribers in this process wake at once on its own appends. On PostgreSQL,
   * while any subscriber waits, one watcher per store reads the visible head every
   * {@link HEAD_WATCH_MS} and wakes them when it moved: appends of other processes, and appends of
   * this one that became visible only when an older transaction ended. Not NOTIFY: it takes a lock
   * that serialises every commit of the cluster, which halved append throughput at 8 writers in
   * `npm run bench`.
   */
  static async open(database: Database): Promise<SqlEventStore> {
    await database.migrate(eventStoreMigrations, 'es_migration');
    return new SqlEventStore(database);
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    const ids = events.map((e) => e.eventId);
    const types = events.map((e) => e.type);
    const data = events.map((e) => JSON.stringify(e.data));
    const meta = events.map((e) => JSON.stringify(e.metadata));
    try {
      const { rows } = await sql<{ next_revision: unknown; last_position: unknown; duplicate: boolean }>`
        select * from es_append(${streamId}, ${expectedToText(options.expectedRevision)},
          ${ids}::uuid[], ${types}::text[], ${data}::jsonb[], ${meta}::jsonb[])`.execute(this.database.db);
      const row = rows[0];
      this.signal.notify();
      return { nextExpectedRevision: toBigInt(row.next_revision), position: toBigInt(row.last_position), duplicate: row.duplicate };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'PPE01') {
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, BigInt((error as { detail?: string }).detail ?? '-1'));
      }
      if (code === 'PPE02') throw new InvalidAppendError((error as Error).message);
      // es_append's fast path meets ids already stored elsewhere only at the unique index.
      if (code === '23505' && (error as { constraint?: string }).constraint === 'es_events_event_id_key') throw new InvalidAppendError('some of these event ids are already stored');
      throw error;
    }
  }

  /** One `es_append_streams` statement: see its comment in `eventStoreMigrations` for the locking. */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppends(appends);
    const events = appends.flatMap((a) => a.events);
    try {
      const { rows } = await sql<{ stream_id: string; next_revision: unknown; last_position: unknown; duplicate: boolean }>`
        select * from es_append_streams(${appends.map((a) => a.streamId)}::text[], ${appends.map((a) => expectedToText(a.expectedRevision))}::text[],
          ${appends.map((a) => a.events.length)}::int[], ${events.map((e) => e.eventId)}::uuid[], ${events.map((e) => e.type)}::text[],
          ${events.map((e) => JSON.stringify(e.data))}::jsonb[], ${events.map((e) => JSON.stringify(e.metadata))}::jsonb[])`.execute(this.database.db);
      this.signal.notify();
      return rows.map((row) => ({ nextExpectedRevision: toBigInt(row.next_revision), position: toBigInt(row.last_position), duplicate: row.duplicate }));
    } catch (error) {
      const { code, detail, hint } = error as { code?: string; detail?: string; hint?: string };
      if (code === 'PPE01') {
        const entry = appends.find((a) => a.streamId === hint) ?? appends[0];
        throw new WrongExpectedRevisionError(entry.streamId, entry.expectedRevision, BigInt(detail ?? '-1'));
      }
      if (code === 'PPE02') throw new InvalidAppendError((error as Error).message);
      if (code === '23505' && (error as { constraint?: string }).constraint === 'es_events_event_id_key') throw new InvalidAppendError('some of these event ids are already stored');
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? 2_147_483_647;
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const { rows } = backwards
      ? await sql<EventRow>`
          select * from es_events where stream_id = ${streamId}
          ${from === undefined ? sql`` : sql`and revision <= ${from.toString()}::bigint`}
          order by revision desc limit ${limit}`.execute(this.database.db)
      : await sql<EventRow>`
          select * from es_events where stream_id = ${streamId} and revision >= ${(from ?? 0n).toString()}::bigint
          order by revision asc limit ${limit}`.execute(this.database.db);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllThrough(this.database.db, options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return new PollingCatchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        waitForAppend: (ms, after) => {
          // The watcher may have seen (and announced) the head move before this subscriber began to wait.
          if (this.lastHead > after) return Promise.resolve();
          const waited = this.signal.wait(ms);
          this.watchHead();
          return waited;
        },
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await sql<{ head: unknown }>`select coalesce(max(position), 0) as head from es_events where ${VISIBLE}`.execute(this.database.db);
    return toBigInt(rows[0].head);
  }

  /**
   * Runs `read` on one REPEATABLE READ snapshot of the log: every event committed when it began, in
   * position order (no waiting for older transactions: nothing commits inside a snapshot), and the
   * streams' heads as of the same instant. For verifications that read once.
   */
  async withSnapshot<T>(read: (log: LogSnapshot) => Promise<T>): Promise<T> {
    return this.database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) =>
        read({
          readAll: async ({ after, maxCount }) =>
            (await sql<EventRow>`select * from es_events where position > ${after.toString()}::bigint order by position asc limit ${maxCount}`.execute(trx)).rows.map(toRecorded),
          streamHeads: async () =>
            new Map(
              (await sql<{ stream_id: string; revision: unknown }>`select stream_id, revision from es_streams where revision >= 0`.execute(trx)).rows.map((r) => [r.stream_id, toBigInt(r.revision)] as const),
            ),
        }),
      );
  }

  /** How many events the log holds (for progress bars). */
  async countEvents(): Promise<bigint> {
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from es_events`.execute(this.database.db);
    return toBigInt(rows[0].n);
  }

  /** Wakes waiting subscribers; the database itself belongs to whoever opened it. */
  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
  }

  /**
   * One head watcher while subscribers wait (PostgreSQL only: PGlite has one process and one
   * connection, so every append is this process's own and wakes them directly). A light query (the
   * last visible position, an index lookup) every {@link HEAD_WATCH_MS}, shared by every
   * subscription of the store; each subscription still re-reads the log at least every 50 ms on its
   * own (the fallback), so an idle process reads the head about 100 times a second.
   */
  private watchHead(): void {
    if (this.watching || this.closed || this.database.kind !== 'postgres') return;
    this.watching = true;
    void (async () => {
      try {
        while (!this.closed && this.signal.waiting > 0) {
          try {
            const head = await this.headPosition();
            if (head > this.lastHead) {
              this.lastHead = head;
              this.signal.notify();
            }
          } catch {
            // The database is away: the subscriptions' own reads report it and back off.
          }
          await new Promise((resolve) => setTimeout(resolve, HEAD_WATCH_MS).unref());
        }
      } finally {
        this.watching = false;
        // A subscriber that began waiting as the loop ended must not be left to its slow poll.
        if (this.signal.waiting > 0) this.watchHead();
      }
    })();
  }
}

/** `readAll` through a given connection or transaction. */
async function readAllThrough(db: QueryExecutorProvider, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
  const { rows } = await sql<EventRow>`
    select * from es_events where position > ${(options.after ?? 0n).toString()}::bigint and ${VISIBLE}
    order by position asc limit ${options.maxCount ?? 1000}`.execute(db);
  return rows.map(toRecorded);
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: toBigInt(row.revision),
    position: toBigInt(row.position),
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
