import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { openFreshPglite } from '@pp/database/testing/pglite-test';
import { postgresTestUrl, testSchema } from '@pp/database/testing/postgres-test';
import { EventStore, RecordedEvent, SqlEventStore, SubscribeOptions } from '@pp/event-store';
import { DomainError } from '@pp/platform';
import { randomUUID } from 'node:crypto';
import { Projection } from './projection';
import { ActiveReactor, Reactor } from './leadership';
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

/** A projection that records each event of `type` it is given (table `seen_<name>`). */
const recorder = (name: string, type: string): Projection => ({
  name,
  eventTypes: [type],
  tables: [`seen_${name}`],
  migrations: {
    '2026-12-03T09-00-00': {
      up: async (db) => void (await sql.raw(`create table seen_${name} (position bigint primary key, type text not null)`).execute(db)),
      down: async (db) => void (await sql.raw(`drop table seen_${name}`).execute(db)),
    },
  },
  async apply(trx, event: RecordedEvent) {
    // A primary key: an event applied twice fails the page.
    await sql`insert into ${sql.table(`seen_${name}`)} values (${event.position.toString()}::bigint, ${event.type})`.execute(trx);
  },
});

/** The store, counting the subscriptions opened and every event handed to their handlers. */
function countingStore(store: EventStore) {
  const counts = { subscriptions: 0, pages: 0, handed: [] as bigint[] };
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'subscribeToAll')
        return (options: SubscribeOptions) => {
          counts.subscriptions += 1;
          return target.subscribeToAll({
            ...options,
            handler: async (events) => {
              await options.handler(events);
              counts.pages += 1;
              counts.handed.push(...events.map((e) => e.position));
            },
          });
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { counted, counts };
}

describe.each([
  ['PGlite', true],
  ['PostgreSQL', url !== undefined],
] as const)('ProjectionRunner (%s)', (kind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  const schema = testSchema('proj');
  const [a, b, c, d] = [recorder('ra', 'TypeA'), recorder('rb', 'TypeB'), recorder('tka', 'TypeA'), recorder('tkb', 'TypeB')];
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

  it('applies a page in a transaction whose commit does not wait for the WAL on PostgreSQL, and reads what the page wrote before', async () => {
    const setting: Projection = {
      name: 'setting',
      eventTypes: ['Ticked'],
      tables: ['setting_seen'],
      migrations: {
        '2026-12-07T09-00-00': {
          up: async (db) => void (await sql`create table setting_seen (position bigint primary key, sync text not null, before integer not null)`.execute(db)),
          down: async (db) => void (await sql`drop table setting_seen`.execute(db)),
        },
      },
      async apply(trx, event: RecordedEvent) {
        // A read after the page's held-back writes: it must see them.
        const { rows } = await sql<{ sync: string; before: number }>`select current_setting('synchronous_commit') as sync, (select count(*)::int from setting_seen) as before`.execute(trx);
        await sql`insert into setting_seen values (${event.position.toString()}::bigint, ${rows[0].sync}, ${rows[0].before})`.execute(trx);
      },
    };
    // A database of its own: the migrations of one database are one list, which the other tests keep.
    const ownSchema = testSchema('projsync');
    const own = kind === 'PGlite' ? await openFreshPglite() : await openDatabase({ kind: 'postgres', url: url!, schema: ownSchema });
    const ownStore = await SqlEventStore.open(own);
    const ownRunner = new ProjectionRunner(own, ownStore, 300);
    try {
      await ownRunner.migrate([setting]);
      const s = `s-${randomUUID()}`;
      await ownStore.appendToStream(s, [tick(), tick(), tick()], { expectedRevision: 'no_stream' });
      await ownRunner.applyBatch(setting, await ownStore.readStream(s));
      const { rows } = await sql<{ sync: string; before: number }>`select sync, before from setting_seen order by position`.execute(own.db);
      expect(rows.map((r) => r.before)).toEqual([0, 1, 2]);
      expect(new Set(rows.map((r) => r.sync))).toEqual(new Set([kind === 'PostgreSQL' ? 'off' : rows[0].sync]));
      if (kind === 'PostgreSQL') expect((await sql<{ sync: string }>`select current_setting('synchronous_commit') as sync`.execute(own.db)).rows[0].sync).toBe('on');
    } finally {
      await ownRunner.onApplicationShutdown();
      await ownStore.close();
      await own.close();
      if (kind === 'PostgreSQL') await dropSchema(url!, ownSchema);
    }
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

  describe('one reader for several projections', () => {
    let projector: ProjectionRunner;
    let counts: ReturnType<typeof countingStore>['counts'];
    const woken: string[] = [];
    const wakeRecorder: Reactor = {
      name: 'reactor:test',
      follows: [a.name],
      async activate(): Promise<ActiveReactor> {
        return { wake: () => void woken.push(a.name), stop: async () => undefined };
      },
    };
    const seen = async (p: Projection) => (await sql<{ position: string; type: string }>`select position::text as position, type from ${sql.table(p.tables[0])} order by position`.execute(database.db)).rows;
    const stored = async (name: string) => {
      const { rows } = await sql<{ position: string }>`select position::text as position from projection_checkpoints where name = ${name}`.execute(database.db);
      return rows.length ? BigInt(rows[0].position) : 0n;
    };

    beforeAll(async () => {
      const counting = countingStore(store);
      counts = counting.counts;
      projector = new ProjectionRunner(database, counting.counted, 300);
      await projector.migrate([tally, a, b, c, d]);
      // The checkpoint rows catch up only at shutdown here, so that what the reader's row does shows.
      await projector.start([a, b], { batchSize: 7, reactors: [wakeRecorder], name: `projector-${a.name}`, checkpointFlushMs: 3_600_000 });
    });
    afterAll(async () => projector.onApplicationShutdown());

    it('reads each page once for all of them, and each applies only the events of its types', async () => {
      const s = `s-${randomUUID()}`;
      const written = await store.appendToStream(s, [tick('TypeA'), tick('TypeB'), tick('Unrelated'), tick('TypeA'), tick('TypeB'), tick('TypeB')], { expectedRevision: 'no_stream' });
      await projector.waitFor([a.name, b.name], written.position, 10_000);
      const events = await store.readStream(s);
      expect(counts.subscriptions).toBe(1);
      // Every event of the log handed over once, to one handler for both projections.
      expect(new Set(counts.handed).size).toBe(counts.handed.length);
      expect(counts.handed).toEqual(expect.arrayContaining(events.map((e) => e.position)));
      expect((await seen(a)).map((r) => r.position)).toEqual(expect.arrayContaining(events.filter((e) => e.type === 'TypeA').map((e) => e.position.toString())));
      expect((await seen(a)).every((r) => r.type === 'TypeA')).toBe(true);
      expect((await seen(b)).every((r) => r.type === 'TypeB')).toBe(true);
      expect((await seen(b)).filter((r) => events.some((e) => e.position.toString() === r.position))).toHaveLength(3);
      // The checkpoints of both moved with the page that held their events, in one transaction.
      expect(await stored(a.name)).toBeGreaterThanOrEqual(events[5].position);
      expect(await stored(b.name)).toBeGreaterThanOrEqual(events[5].position);
      // A reactor following a projection is woken by its commits.
      expect(woken.length).toBeGreaterThan(0);
    });

    it('moves only the reader for a page with nothing for them; read-your-writes honours it at once, from another connection pool too', async () => {
      const beforeA = await stored(a.name);
      const wokenBefore = woken.length;
      const s = `s-${randomUUID()}`;
      const written = await store.appendToStream(s, [tick('Unrelated'), tick('Unrelated')], { expectedRevision: 'no_stream' });
      // Another process's view: its own database connection, a runner that leads nothing.
      const other = kind === 'PostgreSQL' ? await openDatabase({ kind: 'postgres', url: url!, schema }) : database;
      try {
        const reader = new ProjectionRunner(other, store, 300);
        expect(await reader.waitFor([a.name, b.name], written.position, 10_000)).toBeGreaterThanOrEqual(written.position);
        // Reached through the reader's row: the checkpoint rows are not written for such a page.
        expect(await stored(a.name)).toBe(beforeA);
        expect(beforeA).toBeLessThan(written.position);
        expect(await reader.checkpoint(a.name)).toBeGreaterThanOrEqual(written.position);
        expect(woken.length).toBe(wokenBefore);
      } finally {
        if (other !== database) await other.close();
      }
    });

    it('keeps the checkpoints where the reader is when it stops', async () => {
      const s = `s-${randomUUID()}`;
      const written = await store.appendToStream(s, [tick('Unrelated')], { expectedRevision: 'no_stream' });
      await projector.waitFor([a.name, b.name], written.position, 10_000);
      expect(await stored(a.name)).toBeLessThan(written.position);
      await projector.onApplicationShutdown();
      expect(await stored(a.name)).toBeGreaterThanOrEqual(written.position);
      expect(await stored(b.name)).toBeGreaterThanOrEqual(written.position);
    });
  });

  // PostgreSQL only: PGlite is one process, with nobody to hand over to.
  if (kind === 'PostgreSQL') it('hands the whole set over to a standby process when the leader stops: each event applied once, none missed', async () => {
    const second = await openDatabase({ kind: 'postgres', url: url!, schema });
    const leader = new ProjectionRunner(database, store, 300);
    const standby = new ProjectionRunner(second, store, 300);
    try {
      await leader.migrate([tally, a, b, c, d]);
      const s = `s-${randomUUID()}`;
      let last = await store.appendToStream(s, [tick('TypeA'), tick('TypeB')], { expectedRevision: 'no_stream' });
      await leader.start([c, d], { name: 'projector-takeover', batchSize: 3 });
      await standby.start([c, d], { name: 'projector-takeover', batchSize: 3, standbyMs: 100 });
      await leader.waitFor([c.name, d.name], last.position, 10_000);
      for (let i = 0; i < 10; i++) last = await store.appendToStream(s, [tick('TypeA'), tick('Unrelated'), tick('TypeB')], { expectedRevision: last.nextExpectedRevision });
      await leader.onApplicationShutdown();
      for (let i = 0; i < 10; i++) last = await store.appendToStream(s, [tick('TypeB'), tick('TypeA')], { expectedRevision: last.nextExpectedRevision });
      await standby.waitFor([c.name, d.name], last.position, 20_000);
      // Every event of their types in the log (earlier tests' too), each once (a primary key).
      const events = await store.readAll({ maxCount: 100_000 });
      expect(events.at(-1)?.position).toBe(last.position);
      const rows = async (p: Projection) => (await sql<{ position: string }>`select position::text as position from ${sql.table(p.tables[0])} order by position`.execute(database.db)).rows.map((r) => r.position);
      expect(await rows(c)).toEqual(events.filter((e) => e.type === 'TypeA').map((e) => e.position.toString()));
      expect(await rows(d)).toEqual(events.filter((e) => e.type === 'TypeB').map((e) => e.position.toString()));
    } finally {
      await leader.onApplicationShutdown();
      await standby.onApplicationShutdown();
      await second.close();
    }
  });
});
