import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { EventData, RecordedEvent } from '../types';
import { SqlEventStore } from './sql.event-store';
import { eventually } from '@pp/platform/testing/wait';

const event = (type = 'Grouped'): EventData => ({ eventId: randomUUID(), type, data: {}, metadata: {} });

/** Waits for `predicate` (a budget in idle-machine time, see `eventually`), and says how long it took in ms. */
async function until(predicate: () => boolean | Promise<boolean>, budgetMs: number, what: string): Promise<number> {
  const start = Date.now();
  await eventually(predicate, (ok) => ok, budgetMs, what);
  return Date.now() - start;
}

async function readWholeLog(store: SqlEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

/**
 * The PostgreSQL-only parts of issue 16: group commit (concurrent appends in one statement and one
 * commit, each with its own outcome), the refusal of a second append in one transaction, and the
 * wake-up by notification with its fallback poll.
 */
describeWithPostgres('PostgreSQL event store: group commit, one append per transaction, wake-up', (url) => {
  const schema = testSchema('esgc');
  let database: Database;
  let store: SqlEventStore;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'postgres', url, schema, poolSize: 6 });
    store = await SqlEventStore.open(database, { groupCommitsInFlight: 1 });
  });
  afterAll(async () => {
    await store.close();
    await database.close();
    await dropSchema(url, schema);
  });

  it('commits concurrent appends together, each with its own outcome; the log stays in order and complete', async () => {
    const streams = Array.from({ length: 20 }, () => `group-${randomUUID()}`);
    // Round 1: every stream created, plus one duplicate creation per stream that must conflict alone.
    const round1 = await Promise.allSettled(streams.flatMap((s) => [store.appendToStream(s, [event('First')], { expectedRevision: 'no_stream' }), store.appendToStream(s, [event('Second')], { expectedRevision: 'no_stream' })]));
    streams.forEach((s, i) => {
      const [a, b] = [round1[2 * i], round1[2 * i + 1]];
      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('rejected');
      const error = (b as PromiseRejectedResult).reason as WrongExpectedRevisionError;
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect([error.streamId, error.actual]).toEqual([s, 0n]);
    });
    // Round 2: 200 appends at once, a stale revision every fourth, a multi-stream one every seventh, a replay, ids stored elsewhere.
    const replayed = await store.appendToStream(streams[0], [event('R')], { expectedRevision: 0n });
    const [replayEvent] = (await store.readStream(streams[0])).slice(-1);
    const stolen = (await store.readStream(streams[1]))[0];
    const expectations: Array<{ kind: 'ok' | 'conflict' | 'replay' | 'invalid'; run: () => Promise<unknown> }> = [];
    for (let i = 0; i < 200; i++) {
      const s = streams[i % streams.length];
      if (i === 0) expectations.push({ kind: 'replay', run: () => store.appendToStream(streams[0], [{ eventId: replayEvent.eventId, type: 'R', data: {}, metadata: {} }], { expectedRevision: 0n }) });
      else if (i === 1) expectations.push({ kind: 'invalid', run: () => store.appendToStream(streams[2], [{ ...event(), eventId: stolen.eventId }], { expectedRevision: 'any' }) });
      else if (i % 4 === 0) expectations.push({ kind: 'conflict', run: () => store.appendToStream(s, [event()], { expectedRevision: 99n }) });
      else if (i % 7 === 0) expectations.push({ kind: 'ok', run: () => store.appendToStreams([{ streamId: `group-new-${randomUUID()}`, events: [event(), event()], expectedRevision: 'no_stream' }, { streamId: s, events: [], expectedRevision: 'stream_exists' }]) });
      else expectations.push({ kind: 'ok', run: () => store.appendToStream(s, [event()], { expectedRevision: 'any' }) });
    }
    // Not headPosition() alone: a transaction open elsewhere in the cluster holds the visibility
    // horizon back for a while (VISIBLE in sql.event-store.ts), so the head can lag the last append.
    const visibleThrough = (position: bigint) => until(async () => (await store.headPosition()) >= position, 10_000, `position ${position} visible in the log`);
    await visibleThrough(replayed.position);
    const before = replayed.position;
    const outcomes = await Promise.allSettled(expectations.map((e) => e.run()));
    outcomes.forEach((o, i) => {
      const kind = expectations[i].kind;
      if (kind === 'ok') expect(o.status).toBe('fulfilled');
      if (kind === 'replay') expect(o).toEqual({ status: 'fulfilled', value: { ...replayed, duplicate: true } });
      if (kind === 'conflict') expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      if (kind === 'invalid') expect((o as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
    });
    // Every stream: revisions 0..n without a gap, and in revision order in the global log.
    const positions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value as { position: bigint } | Array<{ position: bigint }>].flat().map((r) => r.position) : []));
    await visibleThrough(positions.reduce((a, b) => (b > a ? b : a), before));
    const log = await readWholeLog(store);
    for (let i = 1; i < log.length; i++) expect(log[i].position > log[i - 1].position).toBe(true);
    for (const s of streams) {
      const revisions = log.filter((e) => e.streamId === s).map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
    }
    const written = log.filter((e) => e.position > before);
    expect(written.length).toBe(expectations.filter((e) => e.kind === 'ok').length + expectations.filter((e, i) => e.kind === 'ok' && i % 7 === 0).length);
    // Group commit happened: far fewer transactions (position blocks) than appends.
    const transactions = new Set(written.map((e) => e.position / 65536n)).size;
    process.stdout.write(`[group commit] ${outcomes.length} concurrent appends committed in ${transactions} transactions\n`);
    expect(transactions).toBeLessThan(outcomes.length / 2);
  });

  it('answers two appends of one group that bring the same new event id to two streams: one commits, the other is invalid', async () => {
    // The first goes alone (nothing in flight); the next two wait for it and go as one group, which
    // takes the call-by-call path (one id brought twice) and refuses the second call alone.
    const id = randomUUID();
    const [a, b, c] = [`dup-${randomUUID()}`, `dup-${randomUUID()}`, `dup-${randomUUID()}`];
    const outcomes = await Promise.allSettled([
      store.appendToStream(a, [event()], { expectedRevision: 'no_stream' }),
      store.appendToStream(b, [{ ...event(), eventId: id }], { expectedRevision: 'no_stream' }),
      store.appendToStream(c, [{ ...event(), eventId: id }], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
    expect((await store.readStream(b)).map((e) => e.eventId)).toEqual([id]);
    expect(await store.readStream(c)).toEqual([]);
  });

  it('refuses a second append in one transaction (and an append after any write): it would share positions', async () => {
    const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    const append = (s: string) => client.query(`select * from es_append($1, 'any', array[$2]::uuid[], array['T'], array['{}']::jsonb[], array['{}']::jsonb[])`, [s, randomUUID()]);
    try {
      await client.query('begin');
      await append(`tx-${randomUUID()}`);
      await expect(append(`tx-${randomUUID()}`)).rejects.toMatchObject({ code: 'PPE04' });
      await client.query('rollback');
      await client.query('begin');
      await client.query('create temporary table scratch (x int)');
      await client.query('insert into scratch values (1)');
      await expect(append(`tx-${randomUUID()}`)).rejects.toMatchObject({ code: 'PPE04', message: expect.stringContaining('first write of its transaction') });
      await client.query('rollback');
      // Alone (autocommit), the same call goes through.
      await expect(append(`tx-${randomUUID()}`)).resolves.toBeDefined();
    } finally {
      await client.end();
    }
  });

  it('wakes a subscriber of another store on a notification, not a poll', async () => {
    const reader = await SqlEventStore.open(database, { fallbackPollMs: 600_000 });
    const s = `wake-${randomUUID()}`;
    const seen: RecordedEvent[] = [];
    const sub = reader.subscribeToAll({ after: await reader.headPosition(), handler: async (events) => void seen.push(...events.filter((e) => e.streamId === s)) });
    try {
      // The LISTEN is in place once the first (listening) wake-up has happened; give it a moment by appending until seen.
      await until(async () => {
        if (seen.length === 0) await store.appendToStream(s, [event('Ping')], { expectedRevision: 'any' });
        return seen.length > 0;
      }, 10_000, 'a notification from the writer store');
      const count = seen.length;
      await store.appendToStream(s, [event('Ping')], { expectedRevision: 'any' });
      const ms = await until(() => seen.length > count, 10_000, 'a second notification');
      process.stdout.write(`[wake-up] another store's append seen after ${ms} ms (fallback poll 600 s)\n`);
    } finally {
      await sub.stop();
      await reader.close();
    }
  });

  it('sees an announced append soon after an older open transaction ends, though nothing announces that end', async () => {
    const reader = await SqlEventStore.open(database, { fallbackPollMs: 600_000 });
    const seen: string[] = [];
    const sub = reader.subscribeToAll({ after: await reader.headPosition(), handler: async (events) => void seen.push(...events.map((e) => e.streamId)) });
    const older = new Client({ connectionString: url });
    await older.connect();
    try {
      await older.query('begin');
      await older.query('select pg_current_xact_id()'); // holds the visibility horizon back, like any writing transaction
      const s = `behind-${randomUUID()}`;
      await store.appendToStream(s, [event('Behind')], { expectedRevision: 'no_stream' });
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).not.toContain(s); // committed and announced, not visible yet
      await older.query('commit');
      const ms = await until(() => seen.includes(s), 5_000, 'the append once the older transaction ended');
      process.stdout.write(`[visibility] seen ${ms} ms after the older transaction ended\n`);
    } finally {
      await older.end();
      await sub.stop();
      await reader.close();
    }
  });

  it('does not stall beyond the fallback poll when notifications are lost, and listens again after its connection died', async () => {
    const reader = await SqlEventStore.open(database, { fallbackPollMs: 1_000 });
    const seen: string[] = [];
    const sub = reader.subscribeToAll({ after: await reader.headPosition(), handler: async (events) => void seen.push(...events.map((e) => e.streamId)) });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      // An append that announces nothing (written by SQL alone, as a writer whose NOTIFY was lost).
      const silent = `silent-${randomUUID()}`;
      await sql`select * from es_append(${silent}, 'no_stream', ${[randomUUID()]}::uuid[], ${['Silent']}::text[], ${['{}']}::jsonb[], ${['{}']}::jsonb[])`.execute(database.db);
      const ms = await until(() => seen.includes(silent), 5_000, 'the silent append through the fallback poll');
      expect(ms).toBeLessThan(3_000);
      // Kill the listening connections: they reconnect, and notifications wake again (a second
      // reader whose fallback poll is 600 s, so only a notification can deliver in time).
      const deaf = await SqlEventStore.open(database, { fallbackPollMs: 600_000 });
      const heard: string[] = [];
      const deafSub = deaf.subscribeToAll({ after: await deaf.headPosition(), handler: async (events) => void heard.push(...events.map((e) => e.streamId)) });
      try {
        const listening = async () => (await admin.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = 'pp-listen' and query ilike 'listen "es_appended:${schema}"'`)).rows.map((r) => r.pid);
        await until(async () => (await listening()).length >= 2, 5_000, 'both listening connections');
        const killed = await listening();
        await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [killed]);
        await until(async () => (await listening()).filter((pid) => !killed.includes(pid)).length >= 2, 10_000, 'both listening again on new connections');
        const after = `after-kill-${randomUUID()}`;
        await store.appendToStream(after, [event('AfterKill')], { expectedRevision: 'no_stream' });
        await until(() => heard.includes(after), 10_000, 'an append after the listener was killed, by notification');
      } finally {
        await deafSub.stop();
        await deaf.close();
      }
    } finally {
      await admin.end();
      await sub.stop();
      await reader.close();
    }
  });
});
