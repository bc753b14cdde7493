import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Database, DATABASE, sql, toBigInt } from '@pp/database';
import { EVENT_STORE, EventStore, RecordedEvent, Subscription } from '@pp/event-store';
import { AppendSignal } from '@pp/event-store';
import { DomainError, Metrics, upcastAll } from '@pp/platform';
import { Kysely, Migration } from 'kysely';
import { ActiveReactor, EVERY_PAGE, LeadershipLoop, Reactor, runWhileLeading } from './leadership';
import { Projection } from './projection';
import { readDb } from './read-db';
import { withHeldBackTransaction } from './held-back-writes';

const checkpointMigrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_projection_checkpoints': {
    async up(db: Kysely<unknown>) {
      await sql`create table projection_checkpoints (name text primary key, position bigint not null, updated_at timestamptz not null default now())`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table projection_checkpoints`.execute(db);
    },
  },
  // Issue 16: the shared reader's position, for pages that concern none of its projections.
  '2026-12-03T00-00-00_projection_reader': {
    async up(db: Kysely<unknown>) {
      await sql`create table projection_reader (name text primary key, position bigint not null, projections text[] not null, updated_at timestamptz not null default now())`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table projection_reader`.execute(db);
    },
  },
};

/** Default bound on how long a query with `minPosition` waits for its read model. */
export const DEFAULT_READ_WAIT_MS = 5_000;

/** DI token of the bound (ms) on read-your-writes waits. */
export const READ_WAIT_MS = Symbol('ReadWaitMs');

/**
 * How long after a page that concerned no projection the checkpoints themselves are moved up to the
 * reader (ms). Until then the reader's row stands for them (see {@link ProjectionRunner.positions}).
 */
export const CHECKPOINT_FLUSH_MS = 2_000;

/** How long a standby projector waits between two attempts to lead, by default (ms): the takeover time. */
export const DEFAULT_STANDBY_MS = 2_000;

/** Options of {@link ProjectionRunner.start}. */
export interface ProjectorOptions {
  /** Events per page of the log (default 500). */
  readonly batchSize?: number;
  /** Wait between two attempts to lead while another process leads, ms (default {@link DEFAULT_STANDBY_MS}). */
  readonly standbyMs?: number;
  /** Reactors run while this process leads, next to the projections (woken by their commits). */
  readonly reactors?: readonly Reactor[];
  /** The leadership's name (default `projector`): one leader per name across processes. */
  readonly name?: string;
  /** Delay before the checkpoint rows catch up with the reader, ms (default {@link CHECKPOINT_FLUSH_MS}). */
  readonly checkpointFlushMs?: number;
}

/** What one leading process keeps in memory of the set it projects. */
interface Following {
  readonly name: string;
  readonly projections: readonly Projection[];
  readonly names: readonly string[];
  /** Per projection: every event of its types up to here is in its tables. */
  readonly done: Map<string, bigint>;
  /** The last page handled (all of its work committed). */
  reader: bigint;
  /** Where the checkpoint rows stand, as far as this process wrote them. */
  written: bigint;
  /** Where the reader's row stands, as far as this process wrote it. */
  readerWritten: bigint;
  readerWrite?: Promise<void>;
  flushTimer?: NodeJS.Timeout;
  readonly reactors: ActiveReactor[];
  readonly flushMs: number;
}

/**
 * The projector: one reader of the global log for every projection (and the reactors that follow
 * them), active in one process at a time (the leadership `projector`, a PostgreSQL advisory lock;
 * docs/architecture.md, "The projector"). Each page of the log is read once; the projections with
 * events of their types in it apply them in one SQL transaction that also moves every checkpoint of
 * the set, after re-reading them under a row lock, so a page handed over twice, or applied by a
 * rebuild meanwhile, is applied once. A page with nothing for any projection writes only the
 * reader's row (`projection_reader`: one statement), which read-your-writes honours; the checkpoint
 * rows catch up with it {@link CHECKPOINT_FLUSH_MS} later and at shutdown.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly loops: LeadershipLoop[] = [];
  private readonly progressed = new AppendSignal();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READ_WAIT_MS) private readonly readWaitMs: number = DEFAULT_READ_WAIT_MS,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Creates the checkpoint and reader tables and every projection's tables, then runs their `initialize`. */
  async migrate(projections: readonly Projection[]): Promise<void> {
    await this.database.migrate(checkpointMigrations, 'rm_checkpoint_migration');
    const all: Record<string, Migration> = {};
    for (const p of projections) for (const [name, m] of Object.entries(p.migrations)) all[`${name}_${p.name}`] = m;
    await this.database.migrate(all, 'rm_migration');
    const initializing = projections.filter((p) => p.initialize);
    if (initializing.length === 0) return;
    const headPosition = await this.store.headPosition();
    for (const p of initializing) await readDb(this.database).transaction().execute((trx) => p.initialize!(trx, { headPosition }));
  }

  /**
   * Follows the log for the whole set while this process leads it (one leader across processes;
   * a standby tries again every `standbyMs`), from the lowest position any of them has reached:
   * one subscription, each projection applying only the events of its types past its own position.
   * The reactors run while it leads, and each is woken after a commit of a projection it follows.
   */
  async start(projections: readonly Projection[], options: ProjectorOptions = {}): Promise<void> {
    const name = options.name ?? 'projector';
    const reactors = options.reactors ?? [];
    const loop = runWhileLeading(
      this.database,
      name,
      async () => {
        for (const p of projections) this.logger.log(`leading projection:${p.name}`);
        const following = await this.follow(name, projections, options.checkpointFlushMs ?? CHECKPOINT_FLUSH_MS);
        const subscription: Subscription = this.store.subscribeToAll({
          after: following.reader,
          batchSize: options.batchSize ?? 500,
          handler: (events) => this.applyPage(following, events),
          onError: (error, attempt) => this.logger.error(`projector failed on a page after ${following.reader} (attempt ${attempt}); retrying`, error instanceof Error ? error.stack : String(error)),
        });
        const unsubscribe: Array<() => void> = [];
        for (const reactor of reactors) {
          this.logger.log(`leading ${reactor.name}`);
          const active = await reactor.activate();
          following.reactors.push(active);
          for (const followed of reactor.follows) unsubscribe.push(this.onApplied(followed, () => active.wake()));
        }
        return async () => {
          for (const u of unsubscribe) u();
          await Promise.all(following.reactors.splice(0).map((r) => r.stop()));
          await subscription.stop();
          await this.flush(following);
        };
      },
      { standbyMs: options.standbyMs ?? DEFAULT_STANDBY_MS, logger: this.logger },
    );
    this.loops.push(loop);
    await loop.settled;
  }

  /**
   * Calls `listener` after each commit in which `projection` applied events (in this process, while
   * it leads); with {@link EVERY_PAGE}, after every page of the log the reader handled, whatever it
   * held. Returns the function that removes it.
   */
  onApplied(projection: string, listener: () => void): () => void {
    let set = this.listeners.get(projection);
    if (!set) this.listeners.set(projection, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Reads where each projection of the set stands, and makes sure each has its checkpoint row. */
  private async follow(name: string, projections: readonly Projection[], flushMs: number): Promise<Following> {
    const names = projections.map((p) => p.name).sort();
    await sql`insert into projection_checkpoints (name, position) select n, 0 from unnest(${names}::text[]) as u(n) on conflict (name) do nothing`.execute(this.database.db);
    const positions = await this.positions(names);
    const done = new Map(names.map((n) => [n, positions.get(n) ?? 0n]));
    const lowest = [...done.values()].reduce((a, b) => (b < a ? b : a), done.size ? [...done.values()][0] : 0n);
    return { name, projections, names, done, reader: lowest, written: lowest, readerWritten: lowest, reactors: [], flushMs };
  }

  /**
   * Handles one page of the log for the set: the projections with events of their types past their
   * own position apply them, all in one transaction that moves every checkpoint of the set to the
   * page's end; a page with nothing for any of them moves only the reader.
   */
  private async applyPage(following: Following, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const concerned = following.projections.filter((p) => {
      const done = following.done.get(p.name) ?? 0n;
      return events.some((e) => e.position > done && p.eventTypes.includes(e.type));
    });
    if (concerned.length === 0) {
      for (const n of following.names) if ((following.done.get(n) ?? 0n) < last) following.done.set(n, last);
      this.moveReader(following, last);
    } else {
      const started = performance.now();
      await this.applyTogether(following.projections, events, following.done);
      this.metrics?.projectionPageSeconds.observe((performance.now() - started) / 1000);
      this.metrics?.projectionPageEvents.observe(events.length);
      following.reader = last;
      following.written = last;
      for (const p of concerned) for (const listener of this.listeners.get(p.name) ?? []) listener();
    }
    for (const n of following.names) this.metrics?.projectionPosition.set({ projection: n }, Number(last));
    this.progressed.notify();
    for (const listener of this.listeners.get(EVERY_PAGE) ?? []) listener();
  }

  /**
   * Applies one page for `projections` in one transaction: locks their checkpoint rows (in name
   * order), applies to each the events of its types past the greater of its stored checkpoint and
   * `known` (what this process knows it reflects), and moves every checkpoint to the page's end.
   * Rows and checkpoints of the whole set commit together or not at all.
   */
  private async applyTogether(projections: readonly Projection[], events: readonly RecordedEvent[], known: Map<string, bigint>): Promise<void> {
    const last = events[events.length - 1].position;
    const names = projections.map((p) => p.name).sort();
    // One transaction in as few round trips as the reads allow: on PostgreSQL the locking read goes
    // with the begin, and the page's writes and the checkpoints' with the commit.
    await withHeldBackTransaction(this.database, { relaxed: true }, async (held) => {
      const { rows } = await sql<{ name: string; position: unknown }>`
        select name, position from projection_checkpoints where name = any(${names}::text[]) order by name for update`.execute(held);
      const stored = new Map(rows.map((r) => [r.name, toBigInt(r.position)]));
      const done = new Map(names.map((n) => [n, max(stored.get(n) ?? 0n, known.get(n) ?? 0n)]));
      const lowest = [...done.values()].reduce((a, b) => (b < a ? b : a));
      const wanted = new Set(projections.flatMap((p) => p.eventTypes));
      const todo = upcastAll(events.filter((e) => e.position > lowest && wanted.has(e.type)));
      for (const p of projections) {
        const from = done.get(p.name)!;
        for (const event of todo) if (event.position > from && p.eventTypes.includes(event.type)) await p.apply(held, event);
      }
      await sql`
        insert into projection_checkpoints (name, position, updated_at) select n, ${last.toString()}::bigint, now() from unnest(${names}::text[]) as u(n)
        on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at
        where projection_checkpoints.position < excluded.position`.execute(held);
    });
    for (const n of names) if ((known.get(n) ?? 0n) < last) known.set(n, last);
  }

  /**
   * Moves the reader past a page that concerned none of the set: one statement on the reader's row,
   * at most one in flight (pages that come meanwhile are folded into the next), and a flush of the
   * checkpoint rows {@link CHECKPOINT_FLUSH_MS} later.
   */
  private moveReader(following: Following, position: bigint): void {
    following.reader = position;
    if (!following.readerWrite) following.readerWrite = this.writeReader(following).finally(() => (following.readerWrite = undefined));
    following.flushTimer ??= setTimeout(() => {
      following.flushTimer = undefined;
      void this.writeCheckpoints(following).catch((error: unknown) => this.logger.warn(`could not move the checkpoints: ${(error as Error).message}`));
    }, following.flushMs).unref();
  }

  private async writeReader(following: Following): Promise<void> {
    while (following.readerWritten < following.reader) {
      const at = following.reader;
      try {
        await sql`
          insert into projection_reader (name, position, projections, updated_at) values (${following.name}, ${at.toString()}::bigint, ${following.names}::text[], now())
          on conflict (name) do update set position = excluded.position, projections = excluded.projections, updated_at = excluded.updated_at`.execute(this.database.db);
        following.readerWritten = at;
        this.progressed.notify();
      } catch (error) {
        // Only a wait of another process's reader on this position is slower: the next page retries.
        this.logger.warn(`could not move the reader to ${at}: ${(error as Error).message}`);
        return;
      }
    }
  }

  /**
   * Moves every checkpoint of the set up to the reader, in one statement that never moves one back.
   * No row lock: the pages in between held nothing for any of them.
   */
  private async writeCheckpoints(following: Following): Promise<void> {
    const at = following.reader;
    if (following.written >= at) return;
    await sql`
      insert into projection_checkpoints (name, position, updated_at) select n, ${at.toString()}::bigint, now() from unnest(${following.names}::text[]) as u(n)
      on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at
      where projection_checkpoints.position < excluded.position`.execute(this.database.db);
    if (following.written < at) following.written = at;
  }

  /** At the end of a leadership: the reader's row and the checkpoints up to where the reader is. */
  private async flush(following: Following): Promise<void> {
    if (following.flushTimer) clearTimeout(following.flushTimer);
    following.flushTimer = undefined;
    await following.readerWrite;
    await this.writeCheckpoints(following).catch((error: unknown) => this.logger.warn(`could not keep the checkpoints at shutdown: ${(error as Error).message}`));
  }

  /**
   * Applies one page to one projection and moves its checkpoint, atomically (the runner's
   * transaction for a set of one; for tests and tools). Events at or below its stored checkpoint
   * are skipped, so a page handed over twice is applied once; a page with nothing for it only moves
   * the checkpoint, never back.
   */
  async applyBatch(projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.applyTogether([projection], events, new Map());
    this.progressed.notify();
  }

  /**
   * Where each named projection stands: the greater of its checkpoint and the position of the reader
   * that follows it (a page that held nothing for it moves only the reader). 0n before its first page.
   */
  async positions(names: readonly string[]): Promise<Map<string, bigint>> {
    const { rows } = await sql<{ name: string; position: unknown }>`
      select u.n as name, greatest(coalesce(c.position, 0), coalesce((select max(r.position) from projection_reader r where u.n = any(r.projections)), 0)) as position
      from unnest(${[...names]}::text[]) as u(n) left join projection_checkpoints c on c.name = u.n`.execute(this.database.db);
    return new Map(rows.map((r) => [r.name, toBigInt(r.position)]));
  }

  /** Where the projection stands (see {@link positions}), 0n before its first page. */
  async checkpoint(name: string): Promise<bigint> {
    return (await this.positions([name])).get(name) ?? 0n;
  }

  /**
   * Read-your-writes: resolves once every named projection has reached `minPosition` (its
   * checkpoint or its reader, {@link positions}), with the lowest position they have reached.
   * @throws DomainError `READ_MODEL_BEHIND` (503) after `timeoutMs`.
   */
  async waitFor(names: readonly string[], minPosition: bigint | undefined, timeoutMs = this.readWaitMs): Promise<bigint> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await this.positions(names);
      const reached = names.map((n) => positions.get(n) ?? 0n).reduce((a, b) => (b < a ? b : a));
      if (minPosition === undefined || reached >= minPosition) return reached;
      const left = deadline - Date.now();
      if (left <= 0) throw new DomainError('READ_MODEL_BEHIND', 'unavailable', `the read model has reached position ${reached}, not yet ${minPosition}; retry shortly`);
      await this.progressed.wait(Math.min(left, 100));
    }
  }

  /** Finishes the page in hand, keeps the reader and the checkpoints, stops the reactors, and gives the leadership up. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.splice(0).map((l) => l.stop()));
  }
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
