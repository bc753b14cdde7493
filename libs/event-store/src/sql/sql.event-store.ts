import { Database, Listener, sql, toBigInt } from '@pp/database';
import { createHash, randomUUID } from 'node:crypto';
import { CompiledQuery, QueryExecutorProvider } from 'kysely';
import { AppendSignal, DEFAULT_FALLBACK_POLL_MS, PollingCatchUpSubscription } from '../catch-up-subscription';
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
  MultiStreamReads,
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

const VISIBLE = sql`position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 65536`;

/**
 * The statements of every command, as text once (issue 16): built from a `sql` template, each call
 * built and compiled its query tree again. Same statements, same parameters.
 */
const STATEMENTS = {
  readStream: 'select * from es_events where stream_id = $1 and revision >= $2::bigint order by revision asc limit $3',
  readStreams: 'select * from es_events where stream_id = any($1::text[]) order by stream_id, revision',
  append: 'select * from es_append($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])',
  appendStreams: 'select * from es_append_streams($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])',
  appendGroup: 'select * from es_append_group($1::int[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])',
} as const;

/** The four event arrays every append function takes, in its order: ids, types, data and metadata as JSON text. */
function eventColumns(events: readonly EventData[]): [string[], string[], string[], string[]] {
  return [events.map((e) => e.eventId), events.map((e) => e.type), events.map((e) => JSON.stringify(e.data)), events.map((e) => JSON.stringify(e.metadata))];
}

/** Options of {@link SqlEventStore.open}. */
export interface SqlEventStoreOptions {
  /**
   * A waiting subscription reads the log at least this often even without a wake-up, ms: the
   * safety net for a notification lost with its connection. Default {@link DEFAULT_FALLBACK_POLL_MS}.
   */
  readonly fallbackPollMs?: number;
  /**
   * PostgreSQL: how many group commits may be in flight at once (default 2: fewer, larger groups
   * cost PostgreSQL less CPU an append than 4 did, bench/README.md); appends arriving meanwhile
   * wait and go together in the next one. 0 turns group commit off (one statement and one commit
   * per append, as before issue 16). PGlite has one connection: always off.
   */
  readonly groupCommitsInFlight?: number;
}

/**
 * Least time between two notifications of one store, ms: a busy store announces its appends in
 * batches (each notification is a small transaction of its own, serialised cluster-wide at commit)
 * and a subscriber of another process learns of an append at most this much later.
 */
const NOTIFY_INTERVAL_MS = 3;

/** Most appends one group commit carries (their events also count against the 65,536 of a transaction). */
const MAX_CALLS_PER_GROUP = 256;

/** The wake-up signal of each open database in this process (see the constructor). */
const signals = new WeakMap<Database, AppendSignal>();

/** One append waiting for its group commit. */
interface QueuedAppend {
  readonly appends: readonly StreamAppend[];
  readonly events: number;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * The event store on SQL: PostgreSQL through `pg`, or the embedded PGlite, with the same schema and
 * the same append functions, which check expected revisions and write in one statement. See
 * `eventStoreMigrations` for why positions are derived from transaction ids.
 *
 * Wake-up (issue 16): subscribers of this process wake at once on its own appends. On PostgreSQL
 * every append is also announced with `pg_notify` after its commit, in a transaction of its own
 * (a NOTIFY inside the append's transaction takes a cluster-wide lock at commit, which serialised
 * every append and halved throughput at 8 writers), at most one in flight per store (appends
 * meanwhile are announced together by the next, with the highest position); one connection per
 * store LISTENs, started with the first subscription. Nothing polls at a fixed short interval:
 * subscriptions read again only when woken, or every `fallbackPollMs` (seconds) as a safety net for
 * notifications lost while the listening connection was down (it reconnects and then wakes every
 * subscriber). Visibility: a notification may arrive while an older transaction is still open, so
 * the announced events are not visible yet (`VISIBLE`); the announced position is kept as the
 * store's known head, and a subscription whose read stops short of it reads again after 1 ms,
 * doubling to 100 ms, until the older transaction ends and the events show.
 *
 * Group commit (issue 16, PostgreSQL): an append arriving while `groupCommitsInFlight` commits are
 * running waits for the next, which carries every append waiting then as one `es_append_group`
 * statement and one commit, each checked against its own expected revisions and answered on its
 * own (a conflict fails only that append). An append arriving when fewer are in flight goes at once,
 * alone (`es_append`, `es_append_streams`): no added latency when the store is not busy.
 */
export class SqlEventStore implements EventStore, SnapshotReads, EventCounting, SameDatabaseLog, MultiStreamReads {
  private readonly signal: AppendSignal;
  private closed = false;
  private readonly nonce = randomUUID();
  private listener?: Promise<Listener | undefined>;
  private announcing = false;
  private unannounced: bigint | undefined;
  private readonly queue: QueuedAppend[] = [];
  private inFlight = 0;

  private constructor(
    private readonly database: Database,
    private readonly channel: string | undefined,
    private readonly fallbackPollMs: number,
    private readonly groupCommitsInFlight: number,
  ) {
    // Every store of one database in this process shares one signal: a test or tool that opens a
    // second store on the service's database wakes the service's subscribers too (on PGlite
    // nothing else would, short of the fallback poll).
    let signal = signals.get(database);
    if (!signal) signals.set(database, (signal = new AppendSignal()));
    this.signal = signal;
  }

  /** Migrates the schema and opens the store; see the class comment for the options' effect. */
  static async open(database: Database, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await database.migrate(eventStoreMigrations, 'es_migration');
    let channel: string | undefined;
    if (database.kind === 'postgres') {
      // Notifications are per database: the schema keeps stores of different schemas apart.
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      channel = `es_appended:${rows[0].schema}`;
      // A channel name is an identifier: at most 63 bytes.
      if (Buffer.byteLength(channel) > 63) channel = `es_appended:${createHash('sha256').update(rows[0].schema).digest('hex').slice(0, 40)}`;
    }
    const inFlight = database.kind === 'postgres' ? (options.groupCommitsInFlight ?? 2) : 0;
    return new SqlEventStore(database, channel, options.fallbackPollMs ?? DEFAULT_FALLBACK_POLL_MS, inFlight);
  }

  /** True when this log lives in `database`, so it can be read inside that database's transactions. */
  isIn(database: Database): boolean {
    return this.database === database;
  }

  /**
   * `readAll` through a given connection or transaction of this log's database: for a caller already
   * inside a transaction (a projection switch-over) on a store with one connection (PGlite).
   */
  readAllWith(db: QueryExecutorProvider, options: ReadAllOptions & { readonly types?: readonly string[] } = {}): Promise<RecordedEvent[]> {
    return readAllThrough(db, options);
  }

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    return (await this.submit([{ streamId, events, expectedRevision: options.expectedRevision }]))[0];
  }

  /** One `es_append_streams` statement (or part of a group commit): see its comment in `eventStoreMigrations` for the locking. */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppends(appends);
    return this.submit(appends);
  }

  /** Appends at once when fewer than `groupCommitsInFlight` commits run, else queues for the next group. */
  private submit(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.groupCommitsInFlight === 0) return this.appendAlone(appends).then((r) => this.announced(r));
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, events: appends.reduce((n, a) => n + a.events.length, 0), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.groupCommitsInFlight && this.queue.length > 0) {
      const group: QueuedAppend[] = [];
      let events = 0;
      while (this.queue.length > 0 && group.length < MAX_CALLS_PER_GROUP && (group.length === 0 || events + this.queue[0].events <= MAX_EVENTS_PER_APPEND)) {
        const next = this.queue.shift()!;
        events += next.events;
        group.push(next);
      }
      this.inFlight += 1;
      void this.commitGroup(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async commitGroup(group: QueuedAppend[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.appendAlone(only.appends).then((r) => only.resolve(this.announced(r)), only.reject);
      return;
    }
    let outcomes: Array<AppendResult[] | Error>;
    try {
      outcomes = await this.appendGroup(group.map((g) => g.appends));
    } catch {
      // The statement failed as a whole (an id stored elsewhere met at the unique index, a lost
      // connection): each append goes again alone and gets its own answer. Event ids make a retry
      // of one that did commit a replay.
      await Promise.all(group.map((g) => this.appendAlone(g.appends).then((r) => g.resolve(this.announced(r)), g.reject)));
      return;
    }
    let highest = 0n;
    for (const results of outcomes) if (!(results instanceof Error)) for (const r of results) if (r.position > highest) highest = r.position;
    if (highest > 0n) this.announce(highest);
    group.forEach((g, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) g.reject(outcome);
      else g.resolve(outcome);
    });
  }

  /** One `es_append_group` statement: one outcome per call, an error for a call that failed alone. */
  private async appendGroup(calls: ReadonlyArray<readonly StreamAppend[]>): Promise<Array<AppendResult[] | Error>> {
    const entries = calls.flat();
    const events = entries.flatMap((a) => a.events);
    const { rows } = await this.database.db.executeQuery<{ call: number; stream_id: string | null; next_revision: unknown; last_position: unknown; duplicate: boolean; error: string | null; detail: string | null }>(
      CompiledQuery.raw(STATEMENTS.appendGroup, [
        calls.map((c) => c.length),
        entries.map((a) => a.streamId),
        entries.map((a) => expectedToText(a.expectedRevision)),
        entries.map((a) => a.events.length),
        ...eventColumns(events),
      ]),
    );
    const outcomes: Array<AppendResult[] | Error> = calls.map(() => []);
    for (const row of rows) {
      const i = Number(row.call) - 1;
      if (row.error === 'PPE01') {
        const entry = calls[i].find((a) => a.streamId === row.stream_id) ?? calls[i][0];
        outcomes[i] = new WrongExpectedRevisionError(entry.streamId, entry.expectedRevision, BigInt(row.detail ?? '-1'));
      } else if (row.error) {
        outcomes[i] = new InvalidAppendError(row.detail ?? 'invalid append');
      } else {
        (outcomes[i] as AppendResult[]).push({ nextExpectedRevision: toBigInt(row.next_revision), position: toBigInt(row.last_position), duplicate: row.duplicate });
      }
    }
    return outcomes;
  }

  /** One append in a statement of its own: `es_append` for one stream, `es_append_streams` for several. */
  private async appendAlone(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    try {
      if (appends.length === 1) {
        const [{ streamId, events, expectedRevision }] = appends;
        const { rows } = await this.database.db.executeQuery<{ next_revision: unknown; last_position: unknown; duplicate: boolean }>(
          CompiledQuery.raw(STATEMENTS.append, [streamId, expectedToText(expectedRevision), ...eventColumns(events)]),
        );
        return rows.map((row) => ({ nextExpectedRevision: toBigInt(row.next_revision), position: toBigInt(row.last_position), duplicate: row.duplicate }));
      }
      const events = appends.flatMap((a) => a.events);
      const { rows } = await this.database.db.executeQuery<{ stream_id: string; next_revision: unknown; last_position: unknown; duplicate: boolean }>(
        CompiledQuery.raw(STATEMENTS.appendStreams, [
          appends.map((a) => a.streamId),
          appends.map((a) => expectedToText(a.expectedRevision)),
          appends.map((a) => a.events.length),
          ...eventColumns(events),
        ]),
      );
      return rows.map((row) => ({ nextExpectedRevision: toBigInt(row.next_revision), position: toBigInt(row.last_position), duplicate: row.duplicate }));
    } catch (error) {
      const { code, detail, hint } = error as { code?: string; detail?: string; hint?: string };
      if (code === 'PPE01') {
        const entry = appends.find((a) => a.streamId === hint) ?? appends[0];
        throw new WrongExpectedRevisionError(entry.streamId, entry.expectedRevision, BigInt(detail ?? '-1'));
      }
      if (code === 'PPE02' || code === 'PPE04') throw new InvalidAppendError((error as Error).message);
      // es_append's fast path meets ids already stored elsewhere only at the unique index.
      if (code === '23505' && (error as { constraint?: string }).constraint === 'es_events_event_id_key') throw new InvalidAppendError('some of these event ids are already stored');
      throw error;
    }
  }

  /** Announces the highest position of `results` (see {@link announce}) and hands them back. */
  private announced(results: AppendResult[]): AppendResult[] {
    const highest = results.reduce((p, r) => (r.position > p ? r.position : p), 0n);
    if (highest > 0n) this.announce(highest);
    return results;
  }

  /**
   * Wakes this process's subscribers at once and, on PostgreSQL, the other processes' through
   * `pg_notify` after the commit: one notification in flight per store, later positions coalesced.
   */
  private announce(position: bigint): void {
    this.signal.notify(position);
    const channel = this.channel;
    if (!channel || !this.database.notify) return;
    if (this.unannounced === undefined || position > this.unannounced) this.unannounced = position;
    if (this.announcing) return;
    this.announcing = true;
    void (async () => {
      try {
        while (this.unannounced !== undefined && !this.closed) {
          const next = this.unannounced;
          this.unannounced = undefined;
          const sent = Date.now();
          try {
            await this.database.notify!(channel, `${this.nonce} ${next}`);
          } catch {
            // Lost with the connection: the other processes' fallback poll picks the events up.
          }
          // At most one notification every NOTIFY_INTERVAL_MS: appends meanwhile ride on the next.
          const wait = NOTIFY_INTERVAL_MS - (Date.now() - sent);
          if (wait > 0 && this.unannounced !== undefined) await new Promise((r) => setTimeout(r, wait));
        }
      } finally {
        this.announcing = false;
      }
    })();
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
      : await this.database.db.executeQuery<EventRow>(CompiledQuery.raw(STATEMENTS.readStream, [streamId, (from ?? 0n).toString(), limit]));
    return rows.map(toRecorded);
  }

  /** One statement for every stream of `streamIds`, on the `(stream_id, revision)` index. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streams.size === 0) return streams;
    const { rows } = await this.database.db.executeQuery<EventRow>(CompiledQuery.raw(STATEMENTS.readStreams, [[...streams.keys()]]));
    for (const row of rows) streams.get(row.stream_id)!.push(toRecorded(row));
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllThrough(this.database.db, options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.listen();
    return new PollingCatchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        waitForAppend: (ms, after) => this.signal.wait(ms, after),
        knownHead: () => this.signal.head,
      },
      { ...options, pollIntervalMs: this.fallbackPollMs },
    );
  }

  /** Starts the store's one LISTEN connection (PostgreSQL), once; other processes' appends then wake this one's subscribers. */
  private listen(): void {
    if (this.listener || !this.channel || !this.database.listen || this.closed) return;
    this.listener = this.database
      .listen(this.channel, {
        onNotify: (payload) => {
          const [from, position] = payload.split(' ');
          if (from === this.nonce) return;
          try {
            this.signal.notify(BigInt(position));
          } catch {
            this.signal.notify();
          }
        },
        // Whatever was announced while the connection was down is lost: read again now.
        onListening: () => this.signal.notify(),
      })
      .catch(() => undefined);
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

  /** Wakes waiting subscribers and stops listening; the database itself belongs to whoever opened it. */
  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
    await (await this.listener)?.close();
  }
}

/** `readAll` through a given connection or transaction. */
async function readAllThrough(db: QueryExecutorProvider, options: ReadAllOptions & { readonly types?: readonly string[] } = {}): Promise<RecordedEvent[]> {
  const types = options.types ? sql`and type = any(${[...new Set(options.types)]}::text[])` : sql``;
  const { rows } = await sql<EventRow>`
    select * from es_events where position > ${(options.after ?? 0n).toString()}::bigint ${types} and ${VISIBLE}
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
