import { Inject, Injectable } from '@nestjs/common';
import { Database, DATABASE, sql, toBigInt } from '@pp/database';
import { EVENT_STORE, EventStore, hasSameDatabaseLog, RecordedEvent } from '@pp/event-store';
import { upcastAll } from '@pp/platform';
import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { Projection } from './projection';
import { relaxDurability } from './projection-runner';
import { ReadDb, readDb } from './read-db';

/** Progress of a rebuild: events replayed so far, and the position reached. */
export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
}

/** What a rebuild did. */
export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly position: bigint;
  readonly seconds: number;
}

const BATCH = 2_000;

/**
 * Rebuilds a projection from the log (SPEC section 7) without stopping the service: its tables are
 * created afresh in a scratch schema, the whole log is replayed into them in batches, and when the
 * replay has caught up, one transaction applies the last events, drops the live tables, moves the
 * new ones in and sets the checkpoint. Readers see the old tables until that commit and the new
 * ones after it. The live runner of the same projection is held off by the checkpoint row's lock
 * during the switch, and afterwards skips what the rebuild already applied.
 *
 * The log is read inside the rebuild's transactions when it lives in the same database (PGlite has
 * a single connection, which the transaction holds), and through the store otherwise (EventStoreDB):
 * its events are immutable, and those appended after the last page are left to the live runner.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private readPage(trx: Kysely<ReadDb>, after: bigint): Promise<RecordedEvent[]> {
    if (hasSameDatabaseLog(this.store) && this.store.isIn(this.database)) return this.store.readAllWith(trx, { after, maxCount: BATCH });
    return this.store.readAll({ after, maxCount: BATCH });
  }

  async rebuild(projection: Projection, onProgress?: (p: RebuildProgress) => void): Promise<RebuildResult> {
    if (projection.notRebuildable) throw new Error(`${projection.name} cannot be rebuilt: ${projection.notRebuildable}`);
    // Its seed depends on when it first started, which a replay cannot know.
    if (projection.initialize) throw new Error(`${projection.name} cannot be rebuilt: it has an initialize hook`);
    const started = Date.now();
    const db = readDb(this.database);
    const { rows } = await sql<{ path: string }>`select current_setting('search_path') as path`.execute(db);
    const livePath = rows[0].path;
    const prefix = `rebuild_${projection.name.replace(/[^a-z0-9]/g, '_')}_`;
    const scratch = `${prefix}${randomBytes(3).toString('hex')}`;
    // A rebuild killed half-way (Ctrl-C, SIGKILL) leaves its schema: the next one clears it away.
    const { rows: leftovers } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like ${prefix + '%'}`.execute(db);
    for (const { name } of leftovers) await sql.raw(`drop schema if exists "${name}" cascade`).execute(db);
    const inScratch = async (trx: Kysely<ReadDb>) => void (await sql.raw(`set local search_path to "${scratch}", ${livePath}`).execute(trx));

    await sql.raw(`create schema "${scratch}"`).execute(db);
    try {
      for (const name of Object.keys(projection.migrations).sort()) {
        await db.transaction().execute(async (trx) => {
          await inScratch(trx);
          await projection.migrations[name].up(trx);
        });
      }
      let position = 0n;
      let events = 0;
      const replay = async (trx: Kysely<ReadDb>): Promise<number> => {
        const batch = await this.readPage(trx, position);
        for (const event of upcastAll(batch.filter((e) => projection.eventTypes.includes(e.type)))) await projection.apply(trx, event);
        if (batch.length) position = batch[batch.length - 1].position;
        events += batch.length;
        return batch.length;
      };
      for (;;) {
        const read = await db.transaction().execute(async (trx) => {
          await relaxDurability(trx, this.database);
          await inScratch(trx);
          return replay(trx);
        });
        onProgress?.({ events, position });
        if (read < BATCH) break;
      }
      await db.transaction().execute(async (trx) => {
        await sql`insert into projection_checkpoints (name, position) values (${projection.name}, 0) on conflict (name) do nothing`.execute(trx);
        await sql`select position from projection_checkpoints where name = ${projection.name} for update`.execute(trx);
        await inScratch(trx);
        while ((await replay(trx)) === BATCH);
        await sql.raw(`set local search_path to ${livePath}`).execute(trx);
        for (const table of projection.tables) await sql.raw(`drop table if exists ${table} cascade`).execute(trx);
        for (const table of projection.tables) await sql.raw(`alter table "${scratch}".${table} set schema ${await liveSchema(trx)}`).execute(trx);
        await sql`update projection_checkpoints set position = ${position.toString()}::bigint, updated_at = now() where name = ${projection.name}`.execute(trx);
      });
      onProgress?.({ events, position });
      return { projection: projection.name, events, position, seconds: (Date.now() - started) / 1000 };
    } finally {
      await sql.raw(`drop schema if exists "${scratch}" cascade`).execute(db);
    }
  }

  /** The checkpoint of a projection (to compare with the log's head). */
  async checkpoint(name: string): Promise<bigint> {
    const { rows } = await sql<{ position: unknown }>`select position from projection_checkpoints where name = ${name}`.execute(this.database.db);
    return rows.length ? toBigInt(rows[0].position) : 0n;
  }
}

/** The schema the live tables are in: the first of the search path that exists. */
async function liveSchema(trx: Kysely<ReadDb>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
  return `"${rows[0].schema}"`;
}
