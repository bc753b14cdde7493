import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { openFreshPglite } from '@pp/database/testing/pglite-test';
import { postgresTestUrl, testSchema } from '@pp/database/testing/postgres-test';
import { RecordedEvent, SqlEventStore } from '@pp/event-store';
import { DomainError } from '@pp/platform';
import { randomUUID } from 'node:crypto';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

const url = postgresTestUrl();
if (!url) process.stdout.write('SKIPPED "ProjectionRunner (PostgreSQL)": DATABASE_URL is not set, no PostgreSQL to test against\n');

/** Counts `Ticked` events per stream; fails on a `Poison` event. */
const tally: Projection = {
  name: 'tally',
  eventTypes: ['Ticked', 'Poison'],
  tables: ['tally'],
  migrations: {
    '2026-11-22T09-00-00': {
      up: async (db) => void (await sql`create table tally (stream_id text primary key, ticks integer not null)`.execute(db)),
      down: async (db) => void (await sql`drop table tally`.execute(db)),
    },
  },
  async apply(trx, event: RecordedEvent) {
    if (event.type === 'Poison') throw new Error('cannot project this');
    await sql`insert into tally values (${event.streamId}, 1) on conflict (stream_id) do update set ticks = tally.ticks + 1`.execute(trx);
  },
};

const tick = (type = 'Ticked') => ({ eventId: randomUUID(), type, data: {}, metadata: { schemaVersion: 1 } });

describe.each([
  ['PGlite', true],
  ['PostgreSQL', url !== undefined],
] as const)('ProjectionRunner (%s)', (kind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  const schema = testSchema('proj');
  let database: Database;
  let store: SqlEventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    database = kind === 'PGlite' ? await openFreshPglite() : await openDatabase({ kind: 'postgres', url: url!, schema });
    store = await SqlEventStore.open(database);
    runner = new ProjectionRunner(database, store, 300);
    await runner.migrate([tally]);
  });
  afterAll(async () => {
    await runner.onApplicationShutdown();
    await store.close();
    await database.close();
    if (kind === 'PostgreSQL') await dropSchema(url!, schema);
  });

  const ticks = async (stream: string) => {
    const { rows } = await sql<{ ticks: number }>`select ticks from tally where stream_id = ${stream}`.execute(database.db);
    return rows[0]?.ticks ?? 0;
  };

  it('applies a batch once, even when it is handed over twice', async () => {
    const s = `s-${randomUUID()}`;
    await store.appendToStream(s, [tick(), tick(), tick()], { expectedRevision: 'no_stream' });
    const events = (await store.readStream(s)).map((e) => e);
    await runner.applyBatch(tally, events);
    await runner.applyBatch(tally, events);
    expect(await ticks(s)).toBe(3);
    expect(await runner.checkpoint('tally')).toBe(events[2].position);
  });

  it('moves the checkpoint past a batch it has nothing to apply from, and never back', async () => {
    const s = `s-${randomUUID()}`;
    await store.appendToStream(s, [tick('Unrelated'), tick('Unrelated')], { expectedRevision: 'no_stream' });
    const events = await store.readStream(s);
    await runner.applyBatch(tally, events);
    expect(await ticks(s)).toBe(0);
    expect(await runner.checkpoint('tally')).toBe(events[1].position);
    // An older batch handed over late leaves the checkpoint where it is.
    await runner.applyBatch(tally, events.slice(0, 1));
    expect(await runner.checkpoint('tally')).toBe(events[1].position);
  });

  it('writes neither rows nor checkpoint when a batch fails half-way', async () => {
    const s = `s-${randomUUID()}`;
    const before = await runner.checkpoint('tally');
    await store.appendToStream(s, [tick(), tick('Poison')], { expectedRevision: 'no_stream' });
    await expect(runner.applyBatch(tally, await store.readStream(s))).rejects.toThrow('cannot project this');
    expect(await ticks(s)).toBe(0);
    expect(await runner.checkpoint('tally')).toBe(before);
  });

  it('follows the log from its checkpoint and lets a reader wait for a position', async () => {
    const skipPoison = { ...tally, eventTypes: ['Ticked'] };
    const s = `s-${randomUUID()}`;
    const written = await store.appendToStream(s, [tick(), tick()], { expectedRevision: 'no_stream' });
    await runner.start([skipPoison]);
    // Generous: resolves as soon as the projection gets there; on a loaded machine (or a cluster where another transaction holds xmin back) that can take seconds.
    expect(await runner.waitFor(['tally'], written.position, 60_000)).toBeGreaterThanOrEqual(written.position);
    expect(await ticks(s)).toBe(2);
    const later = await store.appendToStream(s, [tick()], { expectedRevision: 1n });
    await runner.waitFor(['tally'], later.position, 60_000);
    expect(await ticks(s)).toBe(3);
    const error = await runner.waitFor(['tally'], later.position + 10n ** 12n, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('READ_MODEL_BEHIND');
  });
});
