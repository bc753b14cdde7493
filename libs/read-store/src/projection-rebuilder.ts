import { Inject, Injectable } from '@nestjs/common';
import { Database, DATABASE, sql, toBigInt } from '@pp/database';
import { EVENT_STORE, EventStore, RecordedEvent } from '@pp/event-store';
import { typedLogPages } from './log-pages';
import { upcastAll } from '@pp/platform';
import { createHash, randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ReadDb, readDb } from './read-db';
import { heldBackSending, relaxDurability, withHeldBackWrites } from './held-back-writes';

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

/** At most this many events of the rebuilt projections' types per page read. */
const BATCH = 5_000;

/**
 * About how many bytes of event JSON (data and metadata) a page read should hold: pages are cut
 * to this by {@link pageCountAfter}, so that what a rebuild holds at once (the page being applied,
 * the next one being read, their parsed rows and upcast copies, a few times their JSON in V8's heap)
 * stays bounded whatever the size of the log's events, and fits under the heap limit the command
 * runs with (docker/README.md). 5,000 events of the bench's log are about 4.5 MB.
 */
export const REBUILD_PAGE_BYTES = 6_000_000;

/** Events sampled from a page to estimate the bytes an event of the log takes. */
const SIZE_SAMPLE = 32;

/**
 * How many events to read in the page after `page`: {@link REBUILD_PAGE_BYTES} over the average
 * JSON size of up to {@link SIZE_SAMPLE} of its events, spread over it, between 100 and
 * {@link BATCH}; {@link BATCH} after an empty page. An estimate, not a bound to the byte: a page
 * of events much larger than the one before it is still at most {@link BATCH} events.
 */
export function pageCountAfter(page: readonly RecordedEvent[], maxCount = BATCH, pageBytes = REBUILD_PAGE_BYTES): number {
  if (page.length === 0) return maxCount;
  const step = Math.max(1, Math.floor(page.length / SIZE_SAMPLE));
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < page.length; i += step) {
    const event = page[i];
    bytes += JSON.stringify(event.data ?? null).length + JSON.stringify(event.metadata ?? null).length;
    sampled += 1;
  }
  return Math.max(Math.min(100, maxCount), Math.min(maxCount, Math.floor(pageBytes / Math.max(1, bytes / sampled))));
}

/**
 * Rebuilds projections from the log (SPEC section 7) without stopping the service: their tables are
 * created afresh in a scratch schema, the log is replayed into them in one pass for all of them, and
 * when the replay has caught up, one transaction applies the last events, drops the live tables,
 * moves the new ones in and sets the checkpoints. Readers see the old tables until that commit and
 * the new ones after it. The live projector is held off by the checkpoint rows' locks during the
 * switch, and afterwards skips what the rebuild already applied.
 *
 * One pass (issue 16): each page holds only events of the rebuilt projections' types (filtered in
 * SQL where the log is in the same database, {@link typedLogPages}), is upcast once, and each
 * projection applies its own in a transaction of its own, the projections side by side on
 * PostgreSQL (one connection each) while the next page is read. On PGlite (one connection) the log
 * is read inside the rebuild's transactions, one after the other. Through the port (EventStoreDB)
 * events are immutable, and those appended after the last page are left to the live projector.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Rebuilds one projection; see {@link rebuildAll}. */
  async rebuild(projection: Projection, onProgress?: (p: RebuildProgress) => void): Promise<RebuildResult> {
    return (await this.rebuildAll([projection], onProgress))[0];
  }

  /**
   * Rebuilds `projections` in one pass over the log and swaps them all in at once.
   * @returns one result per projection, in the order given: the events read (of the set's types),
   *   the checkpoint it was given and the seconds the whole rebuild took.
   * @throws Error when one of them cannot be rebuilt (`notRebuildable`, an `initialize` hook); nothing is changed then.
   */
  async rebuildAll(projections: readonly Projection[], onProgress?: (p: RebuildProgress) => void): Promise<RebuildResult[]> {
    for (const projection of projections) {
      if (projection.notRebuildable) throw new Error(`${projection.name} cannot be rebuilt: ${projection.notRebuildable}`);
      // Its seed depends on when it first started, which a replay cannot know.
      if (projection.initialize) throw new Error(`${projection.name} cannot be rebuilt: it has an initialize hook`);
    }
    if (projections.length === 0) return [];
    const started = Date.now();
    const db = readDb(this.database);
    const names = projections.map((p) => p.name).sort();
    const { rows } = await sql<{ path: string }>`select current_setting('search_path') as path`.execute(db);
    const livePath = rows[0].path;
    const label = names.length === 1 ? names[0].replace(/[^a-z0-9]/g, '_') : `set_${createHash('sha256').update(names.join(',')).digest('hex').slice(0, 8)}`;
    const prefix = `rebuild_${label}_`;
    const scratch = `${prefix}${randomBytes(3).toString('hex')}`;
    // A rebuild killed half-way (Ctrl-C, SIGKILL) leaves its schema: the next one clears it away.
    const { rows: leftovers } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname like ${prefix.replace(/_/g, '\\_') + '%'}`.execute(db);
    for (const { name } of leftovers) await sql.raw(`drop schema if exists "${name}" cascade`).execute(db);
    const inScratch = async (trx: Kysely<ReadDb>) => void (await sql.raw(`set local search_path to "${scratch}", ${livePath}`).execute(trx));
    const pages = typedLogPages(this.store, this.database, projections.flatMap((p) => p.eventTypes));
    const parallel = this.database.kind === 'postgres';

    await sql.raw(`create schema "${scratch}"`).execute(db);
    try {
      for (const projection of projections) {
        for (const name of Object.keys(projection.migrations).sort()) {
          await db.transaction().execute(async (trx) => {
            await inScratch(trx);
            await projection.migrations[name].up(trx);
          });
        }
      }
      let position = 0n;
      let events = 0;
      /** Applies one page's events to each projection's scratch tables through `trx`. */
      const sending = heldBackSending(this.database);
      const applyTo = (trx: Kysely<ReadDb>, projection: Projection, page: readonly RecordedEvent[]) =>
        withHeldBackWrites(trx, sending, async (held) => {
          for (const event of page) if (projection.eventTypes.includes(event.type)) await projection.apply(held, event);
        });
      const inTransaction = (work: (trx: Kysely<ReadDb>) => Promise<void>) =>
        db.transaction().execute(async (trx) => {
          await relaxDurability(trx, this.database);
          await inScratch(trx);
          await work(trx);
        });

      if (parallel || !pages.inSameDatabase) {
        // The next page is read while this one is applied; each projection in a transaction of its own.
        let next = pages.read(position, BATCH);
        for (;;) {
          const page = await next;
          if (!page.done) next = pages.read(page.through, pageCountAfter(page.events));
          const upcast = upcastAll(page.events);
          if (parallel) await Promise.all(projections.map((p) => inTransaction((trx) => applyTo(trx, p, upcast))));
          else await inTransaction(async (trx) => void (await Promise.all(projections.map((p) => applyTo(trx, p, upcast)))));
          position = page.through;
          events += page.events.length;
          onProgress?.({ events, position });
          if (page.done) break;
        }
      } else {
        // PGlite: one connection, which each transaction holds; the log is read through it.
        let count = BATCH;
        for (;;) {
          const done = await db.transaction().execute(async (trx) => {
            await inScratch(trx);
            const page = await pages.read(position, count, trx);
            count = pageCountAfter(page.events);
            const upcast = upcastAll(page.events);
            for (const p of projections) await applyTo(trx, p, upcast);
            position = page.through;
            events += page.events.length;
            return page.done;
          });
          onProgress?.({ events, position });
          if (done) break;
        }
      }
      const checkpoints = await db.transaction().execute(async (trx) => {
        await sql`insert into projection_checkpoints (name, position) select n, 0 from unnest(${names}::text[]) as u(n) on conflict (name) do nothing`.execute(trx);
        await sql`select position from projection_checkpoints where name = any(${names}::text[]) order by name for update`.execute(trx);
        await inScratch(trx);
        for (let count = BATCH; ; ) {
          const page = await pages.read(position, count, pages.inSameDatabase ? trx : undefined);
          count = pageCountAfter(page.events);
          const upcast = upcastAll(page.events);
          for (const p of projections) await applyTo(trx, p, upcast);
          position = page.through;
          events += page.events.length;
          if (page.done) break;
        }
        await sql.raw(`set local search_path to ${livePath}`).execute(trx);
        const schema = await liveSchema(trx);
        for (const table of projections.flatMap((p) => p.tables)) await sql.raw(`drop table if exists ${table} cascade`).execute(trx);
        for (const table of projections.flatMap((p) => p.tables)) await sql.raw(`alter table "${scratch}".${table} set schema ${schema}`).execute(trx);
        // Never back: a checkpoint past the last event of these types (a page that held none) stays.
        const { rows: set } = await sql<{ name: string; position: unknown }>`
          update projection_checkpoints set position = greatest(position, ${position.toString()}::bigint), updated_at = now()
          where name = any(${names}::text[]) returning name, position`.execute(trx);
        return new Map(set.map((r) => [r.name, toBigInt(r.position)]));
      });
      onProgress?.({ events, position });
      const seconds = (Date.now() - started) / 1000;
      return projections.map((p) => ({ projection: p.name, events, position: checkpoints.get(p.name) ?? position, seconds }));
    } finally {
      await sql.raw(`drop schema if exists "${scratch}" cascade`).execute(db);
    }
  }

  /** Where a projection stands (its checkpoint or its reader's position, see `ProjectionRunner.positions`), to compare with the log's head. */
  async checkpoint(name: string): Promise<bigint> {
    return new ProjectionRunner(this.database, this.store).checkpoint(name);
  }
}

/** The schema the live tables are in: the first of the search path that exists. */
async function liveSchema(trx: Kysely<ReadDb>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
  return `"${rows[0].schema}"`;
}
