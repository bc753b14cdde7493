import { Database, dropSchema, openDatabase } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import fc from 'fast-check';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventStoreMigrations } from './event-store.migrations';
import { SqlEventStore } from './sql.event-store';

/** One call of a group: entries (stream index, expectation, event count) and its events' ids. */
interface Call {
  readonly entries: ReadonlyArray<{ stream: number; expected: 'any' | 'no_stream' | 'stream_exists' | 'right' | 'wrong'; count: number }>;
}

/** Where a stored id is reused: nowhere, as a replay of the stream's own first event, or one of another stream. */
type Reuse = 'none' | 'replay' | 'stolen';

const call: fc.Arbitrary<Call> = fc
  .uniqueArray(
    fc.record({
      stream: fc.integer({ min: 0, max: 11 }),
      expected: fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const, 'right' as const, 'right' as const, 'wrong' as const),
      count: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 3, selector: (e) => e.stream },
  )
  .filter((entries) => entries.some((e) => e.count > 0))
  .map((entries) => ({ entries }));

/**
 * `es_append_group`'s set-based version (2026-12-08) against the first one, on the same state and
 * the same groups: the same answers and the same log. A group of streams written once takes the
 * set-based path; one that writes a stream twice, or names an id already stored, the first
 * version's path, and both are generated (the function says which it took, at debug level). Positions differ between the two schemas (transaction
 * ids), so each answered position is compared as the event it points at, and the logs as their
 * order of (stream, revision, id).
 */
describeWithPostgres('PostgreSQL es_append_group: the set-based version answers and writes as the first', (url) => {
  const schemas = { first: testSchema('esg1'), setBased: testSchema('esg2') };
  const databases: Database[] = [];
  const clients: Record<keyof typeof schemas, Client> = {} as never;
  const setBasedNotices: Record<keyof typeof schemas, number> = { first: 0, setBased: 0 };

  beforeAll(async () => {
    for (const key of Object.keys(schemas) as Array<keyof typeof schemas>) {
      const database = await openDatabase({ kind: 'postgres', url, schema: schemas[key], poolSize: 1 });
      databases.push(database);
      await SqlEventStore.open(database);
      if (key === 'first') await eventStoreMigrations['2026-12-08T00-00-00_es_append_group_set_based'].down!(database.db);
      // debug1: the set-based path says so (`raise debug`), and the test counts it.
      const client = new Client({ connectionString: url, options: `-c search_path=${schemas[key]} -c client_min_messages=debug1` });
      await client.connect();
      client.on('notice', (n) => {
        if (n.message === 'es_append_group: set-based') setBasedNotices[key] += 1;
      });
      clients[key] = client;
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c.end();
    for (const d of databases) await d.close();
    for (const s of Object.values(schemas)) await dropSchema(url, s);
  });

  /** What one schema answers and holds after `setup` then `group`, with positions written as events. */
  async function run(client: Client, run: string, initial: number[], calls: Call[], reuse: Reuse[]) {
    const stream = (i: number) => `${run}-s${i}`;
    const ids = new Map<string, string>();
    const id = (key: string) => ids.get(key) ?? (ids.set(key, randomUUIDFrom(run, key)), ids.get(key)!);
    for (const [i, revision] of initial.entries()) {
      if (revision < 0) continue;
      const n = revision + 1;
      await client.query(`select * from es_append($1, 'no_stream', $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [
        stream(i),
        Array.from({ length: n }, (_, k) => id(`setup-${i}-${k}`)),
        Array(n).fill('Setup'),
        Array(n).fill('{}'),
        Array(n).fill('{}'),
      ]);
    }
    const entries = calls.flatMap((c) => c.entries);
    const events = calls.flatMap((c, ci) =>
      c.entries.flatMap((e) =>
        Array.from({ length: e.count }, (_, k) => {
          // The call's first event may reuse a stored id: a replay (the stream's own first event) or an id of another stream.
          if (k === 0 && reuse[ci] === 'replay' && initial[e.stream] >= 0) return id(`setup-${e.stream}-0`);
          const other = initial.findIndex((r, s) => r >= 0 && s !== e.stream);
          if (k === 0 && reuse[ci] === 'stolen' && other >= 0) return id(`setup-${other}-0`);
          return id(`call-${ci}-${e.stream}-${k}`);
        }),
      ),
    );
    const expected = entries.map((e) =>
      e.expected === 'right' ? String(initial[e.stream]) : e.expected === 'wrong' ? String(initial[e.stream] + 7) : e.expected,
    );
    // 'right' against a stream with no event means no_stream, the adapter's spelling of revision -1.
    const spelled = expected.map((x) => (x === '-1' ? 'no_stream' : x));
    const { rows } = await client.query(`select * from es_append_group($1::int[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])`, [
      calls.map((c) => c.entries.length),
      entries.map((e) => stream(e.stream)),
      spelled,
      entries.map((e) => e.count),
      events,
      events.map((_, i) => `T${i}`),
      events.map((_, i) => JSON.stringify({ i })),
      events.map(() => '{}'),
    ]);
    const log = (await client.query(`select position, stream_id, revision, event_id, type, data from es_events where stream_id like $1 || '-%' order by position`, [run])).rows;
    const at = new Map(log.map((e) => [String(e.position), `${e.stream_id}@${e.revision}`]));
    const heads = (await client.query(`select stream_id, revision from es_streams where stream_id like $1 || '-%' order by stream_id`, [run])).rows;
    return {
      answers: rows.map((r) => ({ ...r, last_position: r.last_position === null ? null : at.get(String(r.last_position)) ?? `missing ${r.last_position}` })),
      log: log.map((e) => ({ stream: e.stream_id, revision: e.revision, id: e.event_id, type: e.type, data: e.data })),
      heads,
    };
  }

  it('gives the same answers and log for random groups (conflicts, conditions, replays, ids stored elsewhere)', async () => {
    let runs = 0;
    const paths = { setBased: 0, callByCall: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 12, maxLength: 12 }),
        fc.array(call, { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom<Reuse>('none', 'none', 'none', 'none', 'none', 'none', 'replay', 'stolen'), { minLength: 6, maxLength: 6 }),
        async (initial, calls, reuse) => {
          const name = `r${runs++}-${randomUUID().slice(0, 8)}`;
          const first = await run(clients.first, name, initial, calls, reuse);
          const before = setBasedNotices.setBased;
          const setBased = await run(clients.setBased, name, initial, calls, reuse);
          paths[setBasedNotices.setBased > before ? 'setBased' : 'callByCall'] += 1;
          expect(setBased).toEqual(first);
        },
      ),
      { numRuns: 200 },
    );
    process.stdout.write(`[es_append_group] ${paths.setBased} groups on the set-based path, ${paths.callByCall} call by call, the same as the first version\n`);
    expect(paths.setBased).toBeGreaterThan(20);
    expect(paths.callByCall).toBeGreaterThan(20);
    // The first version has no set-based path: its schema never says so.
    expect(setBasedNotices.first).toBe(0);
  });

  it('answers a group with a condition shared by two calls and a conflict on the set-based path, call by call, and writes in call order', async () => {
    // Three new streams and a condition shared by two calls; the second call conflicts.
    const name = `fixed-${randomUUID().slice(0, 8)}`;
    const before = setBasedNotices.setBased;
    const calls: Call[] = [
      { entries: [{ stream: 0, expected: 'no_stream', count: 2 }, { stream: 5, expected: 'right', count: 0 }] },
      { entries: [{ stream: 1, expected: 'wrong', count: 1 }] },
      { entries: [{ stream: 2, expected: 'no_stream', count: 1 }, { stream: 5, expected: 'right', count: 0 }] },
    ];
    const result = await run(clients.setBased, name, [-1, 0, -1, -1, -1, 1, -1, -1, -1, -1, -1, -1], calls, ['none', 'none', 'none']);
    expect(result.answers).toEqual([
      { call: 1, stream_id: `${name}-s0`, next_revision: '1', last_position: `${name}-s0@1`, duplicate: false, error: null, detail: null },
      { call: 1, stream_id: `${name}-s5`, next_revision: '1', last_position: `${name}-s0@1`, duplicate: false, error: null, detail: null },
      { call: 2, stream_id: `${name}-s1`, next_revision: null, last_position: null, duplicate: false, error: 'PPE01', detail: '0' },
      { call: 3, stream_id: `${name}-s2`, next_revision: '0', last_position: `${name}-s2@0`, duplicate: false, error: null, detail: null },
      { call: 3, stream_id: `${name}-s5`, next_revision: '1', last_position: `${name}-s2@0`, duplicate: false, error: null, detail: null },
    ]);
    expect(result.log.slice(-3).map((e) => `${e.stream}@${e.revision}`)).toEqual([`${name}-s0@0`, `${name}-s0@1`, `${name}-s2@0`]);
    expect(setBasedNotices.setBased).toBe(before + 1);
  });

  it('takes the call-by-call path for two calls that bring one new id, which refuses the second (PPE02) and commits the first', async () => {
    const name = `dupid-${randomUUID().slice(0, 8)}`;
    const id = randomUUID();
    const before = setBasedNotices.setBased;
    const { rows } = await clients.setBased.query(`select * from es_append_group($1::int[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])`, [
      [1, 1],
      [`${name}-a`, `${name}-b`],
      ['no_stream', 'no_stream'],
      [1, 1],
      [id, id],
      ['T', 'T'],
      ['{}', '{}'],
      ['{}', '{}'],
    ]);
    expect(rows.map((r) => [r.call, r.error])).toEqual([
      [1, null],
      [2, 'PPE02'],
    ]);
    expect(setBasedNotices.setBased).toBe(before);
  });
});

/** A uuid fixed by (run, key), so that both schemas are given the same ids. */
function randomUUIDFrom(run: string, key: string): string {
  const h = createHash('sha256').update(`${run}/${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Why the append functions run with `enable_seqscan = off` (2026-12-08): a pooled session keeps
 * the plan of each statement of a function, and a plan made while the log was small scans the
 * table, so it scanned the whole log at every append as the log grew (seen in the bench). Here
 * each function is called past the point where PostgreSQL keeps a generic plan, on a small log,
 * with auto_explain writing every nested plan to the client; no plan may scan the log or the
 * stream table.
 */
describeWithPostgres('PostgreSQL append functions: their lookups use the indexes on a small log too', (url) => {
  const schema = testSchema('esplan');
  let database: Database;
  let client: Client;
  const plans: string[] = [];

  beforeAll(async () => {
    database = await openDatabase({ kind: 'postgres', url, schema, poolSize: 1 });
    await SqlEventStore.open(database);
    client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    client.on('notice', (n) => plans.push(n.message ?? ''));
  });
  afterAll(async () => {
    await client.end();
    await database.close();
    await dropSchema(url, schema);
  });

  it('plans no scan of es_events or es_streams in es_append, es_append_streams and es_append_group', async () => {
    try {
      await client.query(`load 'auto_explain'`);
    } catch (error) {
      process.stdout.write(`SKIPPED plan check: auto_explain cannot be loaded here (${(error as Error).message})\n`);
      return;
    }
    await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; set auto_explain.log_level = 'notice'`);
    const events = (n: number) => [Array.from({ length: n }, () => randomUUID()), Array(n).fill('T'), Array(n).fill('{}'), Array(n).fill('{}')];
    // A log of a few pages: a scan of it costs the planner less than three index lookups.
    await client.query(`select * from es_append($1, 'no_stream', $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [`plan-fill-${randomUUID()}`, ...events(300)]);
    for (let i = 0; i < 8; i++) {
      const [a, b, c] = [`plan-${randomUUID()}`, `plan-${randomUUID()}`, `plan-${randomUUID()}`];
      await client.query(`select * from es_append($1, 'no_stream', $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [a, ...events(1)]);
      // A conflict takes es_append's slow path, which reads the ids and the stream row.
      await client.query(`select * from es_append($1, '5', $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [a, ...events(1)]).catch(() => undefined);
      await client.query(`select * from es_append_streams($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])`, [[b, a], ['no_stream', '0'], [3, 0], ...events(3)]);
      await client.query(`select * from es_append_group($1::int[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])`, [[1, 2], [c, b, a], ['no_stream', '2', '0'], [2, 1, 0], ...events(3)]);
    }
    const nested = plans.filter((p) => p.includes('Query Text'));
    expect(nested.length).toBeGreaterThan(8 * 10);
    const scans = nested.filter((p) => /Seq Scan on (es_events|es_streams)/.test(p));
    expect(scans.map((p) => p.split('\n').slice(0, 2).join(' '))).toEqual([]);
  });
});
