import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Database, DATABASE, sql, toBigInt } from '@pp/database';
import { EVENT_STORE, EventStore, RecordedEvent, Subscription } from '@pp/event-store';
import { AppendSignal } from '@pp/event-store';
import { DomainError, Metrics, upcastAll } from '@pp/platform';
import { Kysely, Migration, QueryExecutorProvider } from 'kysely';
import { LeadershipLoop, runWhileLeading } from './leadership';
import { Projection } from './projection';
import { readDb } from './read-db';

const checkpointMigrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_projection_checkpoints': {
    async up(db: Kysely<unknown>) {
      await sql`create table projection_checkpoints (name text primary key, position bigint not null, updated_at timestamptz not null default now())`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table projection_checkpoints`.execute(db);
    },
  },
};

/**
 * `synchronous_commit = off` for a projection transaction (PostgreSQL): its commit does not wait for
 * the WAL to reach the disk. Safe because read models are derived: a crash can lose only the last
 * batches, rows and checkpoint together (one transaction), and they are projected again from the
 * log. Anything that acts on what a projection wrote (the mail sender marking a row `sending`)
 * commits synchronously, which flushes the WAL up to and including that projection's commit first.
 */
export async function relaxDurability(trx: QueryExecutorProvider, database: Database): Promise<void> {
  if (database.kind === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
}

/** Default bound on how long a query with `minPosition` waits for its read model. */
export const DEFAULT_READ_WAIT_MS = 5_000;

/** DI token of the bound (ms) on read-your-writes waits. */
export const READ_WAIT_MS = Symbol('ReadWaitMs');

/**
 * Runs projections: one catch-up subscription each, from its stored checkpoint (exclusive). Each
 * batch is applied and the checkpoint moved in one SQL transaction; events at or below the stored
 * checkpoint are skipped, so a batch handed over twice is applied once.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly loops: LeadershipLoop[] = [];
  private readonly progressed = new AppendSignal();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READ_WAIT_MS) private readonly readWaitMs: number = DEFAULT_READ_WAIT_MS,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Creates the checkpoint table and every projection's tables, then runs their `initialize`. */
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
   * Follows the log for each projection while this process leads it (one active runner per
   * projection across processes), from its stored checkpoint. `batchSize` events per transaction.
   */
  async start(projections: readonly Projection[], options: { batchSize?: number; standbyMs?: number } = {}): Promise<void> {
    for (const projection of projections) {
      this.loops.push(
        runWhileLeading(
          this.database,
          `projection:${projection.name}`,
          async () => {
            const subscription: Subscription = this.store.subscribeToAll({
              after: await this.checkpoint(projection.name),
              batchSize: options.batchSize ?? 500,
              handler: (events) => this.applyBatch(projection, events),
              onError: (error, attempt) => this.logger.error(`projection ${projection.name} failed (attempt ${attempt}); retrying`, error instanceof Error ? error.stack : String(error)),
            });
            return () => subscription.stop();
          },
          { standbyMs: options.standbyMs, logger: this.logger },
        ),
      );
    }
  }

  /**
   * Applies one batch and moves the checkpoint, atomically. A batch with nothing for this projection
   * only moves the checkpoint, in one statement that never moves it back (no transaction, no row
   * lock: nothing is applied, so nothing can be applied twice). Most batches of most projections are
   * such (`npm run bench`: a RegisterAccount concerns none of them).
   */
  async applyBatch(projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    if (!events.some((e) => projection.eventTypes.includes(e.type))) {
      await sql`
        insert into projection_checkpoints (name, position, updated_at) values (${projection.name}, ${last.toString()}::bigint, now())
        on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at
        where projection_checkpoints.position < excluded.position`.execute(this.database.db);
      this.metrics?.projectionPosition.set({ projection: projection.name }, Number(last));
      this.progressed.notify();
      return;
    }
    await readDb(this.database).transaction().execute(async (trx) => {
      await relaxDurability(trx, this.database);
      // The row must exist for `for update` to serialise two runners on the very first batch.
      await sql`insert into projection_checkpoints (name, position) values (${projection.name}, 0) on conflict (name) do nothing`.execute(trx);
      const { rows } = await sql<{ position: unknown }>`select position from projection_checkpoints where name = ${projection.name} for update`.execute(trx);
      const done = rows.length ? toBigInt(rows[0].position) : 0n;
      const todo = upcastAll(events.filter((e) => e.position > done && projection.eventTypes.includes(e.type)));
      for (const event of todo) await projection.apply(trx, event);
      if (last > done) {
        await sql`
          insert into projection_checkpoints (name, position, updated_at) values (${projection.name}, ${last.toString()}::bigint, now())
          on conflict (name) do update set position = excluded.position, updated_at = excluded.updated_at`.execute(trx);
      }
    });
    this.metrics?.projectionPosition.set({ projection: projection.name }, Number(last));
    this.progressed.notify();
  }

  /** The projection's checkpoint, 0n before its first batch. */
  async checkpoint(name: string): Promise<bigint> {
    const { rows } = await sql<{ position: unknown }>`select position from projection_checkpoints where name = ${name}`.execute(this.database.db);
    return rows.length ? toBigInt(rows[0].position) : 0n;
  }

  /**
   * Read-your-writes: resolves once every named projection has reached `minPosition`, with the
   * lowest position they have reached.
   * @throws DomainError `READ_MODEL_BEHIND` (503) after `timeoutMs`.
   */
  async waitFor(names: readonly string[], minPosition: bigint | undefined, timeoutMs = this.readWaitMs): Promise<bigint> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await Promise.all(names.map((n) => this.checkpoint(n)));
      const reached = positions.reduce((a, b) => (b < a ? b : a));
      if (minPosition === undefined || reached >= minPosition) return reached;
      const left = deadline - Date.now();
      if (left <= 0) throw new DomainError('READ_MODEL_BEHIND', 'unavailable', `the read model has reached position ${reached}, not yet ${minPosition}; retry shortly`);
      await this.progressed.wait(Math.min(left, 100));
    }
  }

  /** Finishes the batch in hand, keeps its checkpoint, and gives every leadership up. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.splice(0).map((l) => l.stop()));
  }
}
