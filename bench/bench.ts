import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { mintToken } from '@pp/auth';
import { Database, dropSchema, openDatabase } from '@pp/database';
import { SqlEventStore } from '@pp/event-store';
import { ProjectionRebuilder, ProjectionRunner } from '@pp/read-store';
import { createApp } from '../apps/api/src/bootstrap';
import { loadConfig } from '../apps/api/src/config';
import { PROJECTION_LIST } from '../apps/api/src/projections';

/**
 * `npm run bench`: throughput measured against the physical ceiling of the same PostgreSQL in the
 * same run (raw single-row INSERT commits/s), written to bench/results as Markdown and JSON.
 * Needs DATABASE_URL. Each measurement runs for a fixed time; figures are per second.
 */
const url = process.env.DATABASE_URL;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
type Row = { measure: string; setting: string; perSecond: number; p50Ms?: number; p99Ms?: number; note?: string };
const rows: Row[] = [];

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Runs `op` from `workers` concurrent loops for SECONDS; returns ops/s and latency percentiles (ms). */
async function load(workers: number, op: (worker: number, i: number) => Promise<void>) {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        const t0 = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t0);
        count += 1;
      }
    }),
  );
  return { perSecond: count / SECONDS, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

async function ceiling(schema: string) {
  const clients = await Promise.all(Array.from({ length: 8 }, async () => {
    const c = new Client({ connectionString: url, options: `-c search_path=${schema}` });
    await c.connect();
    return c;
  }));
  await clients[0].query('create table raw_events (position bigserial primary key, stream_id text, revision bigint, event_id uuid, type text, data jsonb, metadata jsonb, recorded_at timestamptz default now())');
  const insert = (c: Client) => c.query("insert into raw_events (stream_id, revision, event_id, type, data, metadata) values ($1, 0, $2, 'Bench', '{\"a\":1}', '{}')", [randomUUID(), randomUUID()]);
  for (const n of [1, 8]) {
    const r = await load(n, (w) => insert(clients[w]).then(() => undefined));
    rows.push({ measure: 'ceiling: raw single-row INSERT commits', setting: `${n} connection${n > 1 ? 's' : ''}`, ...r });
  }
  await Promise.all(clients.map((c) => c.end()));
  return rows.filter((r) => r.measure.startsWith('ceiling')).map((r) => r.perSecond);
}

async function appends(label: string, store: SqlEventStore, writers: number[]) {
  for (const n of writers) {
    const fresh = await load(n, () => store.appendToStream(`bench-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Bench', data: { a: 1 }, metadata: {} }], { expectedRevision: 'no_stream' }).then(() => undefined));
    rows.push({ measure: `event-store append, new stream (${label})`, setting: `${n} writer${n > 1 ? 's' : ''}`, ...fresh });
    const streams = Array.from({ length: n }, () => ({ id: `bench-${randomUUID()}`, revision: -1n }));
    const existing = await load(n, async (w) => {
      const s = streams[w];
      const r = await store.appendToStream(s.id, [{ eventId: randomUUID(), type: 'Bench', data: { a: 1 }, metadata: {} }], { expectedRevision: s.revision < 0n ? 'no_stream' : s.revision });
      s.revision = r.nextExpectedRevision;
    });
    rows.push({ measure: `event-store append, existing stream, exact revision (${label})`, setting: `${n} writer${n > 1 ? 's' : ''}`, ...existing });
  }
}

async function http(schema: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
  const secret = randomBytes(32).toString('hex');
  const config = { ...loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema, AUTH_JWT_SECRET: secret, INVITATION_SECRET: `${secret}x`, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '3950' }) };
  const app = await createApp(config);
  await app.listen({ port: 3950, host: '127.0.0.1' });
  const token = mintToken({ role: 'service', sub: 'bench' }, secret);
  let n = 0;
  const result = await autocannon({
    url: 'http://127.0.0.1:3950/v1/accounts',
    method: 'POST',
    connections: 16,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ accountId: `b-${process.pid}-${n}`, email: `b-${process.pid}-${n++}@bench.vn`, type: 'enterprise', billing: 'prepaid' }) }) }],
  });
  rows.push({ measure: 'HTTP RegisterAccount', setting: '16 connections', perSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, note: `${result.non2xx} non-2xx` });
  const rss = process.memoryUsage().rss;
  rows.push({ measure: 'api RSS after the HTTP load (MB)', setting: 'in this process', perSecond: Math.round(rss / 1048576) });
  const runner = app.get(ProjectionRunner);
  const rebuilder = app.get(ProjectionRebuilder);
  const started = Date.now();
  const result2 = await rebuilder.rebuild(PROJECTION_LIST.find((p) => p.name === 'partners')!);
  rows.push({ measure: 'rebuild of the partners projection', setting: `${result2.events} events`, perSecond: result2.events / ((Date.now() - started) / 1000) });
  void runner;
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function main() {
  if (!url) throw new Error('DATABASE_URL must point at the PostgreSQL to measure');
  const schema = `bench_${randomBytes(3).toString('hex')}`;
  let database: Database | undefined;
  try {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const [ceil1, ceil8] = await ceiling(schema);
    database = await openDatabase({ kind: 'postgres', url, schema, poolSize: 10 });
    await appends('PostgreSQL', await SqlEventStore.open(database), [1, 8]);
    await database.close();
    database = undefined;
    const pglite = await openDatabase({ kind: 'pglite' });
    await appends('PGlite', await SqlEventStore.open(pglite), [1, 8]);
    await pglite.close();
    await http(schema);
    const ratio = (r: Row) => (r.measure.startsWith('ceiling') || r.measure.includes('RSS') ? '' : `${Math.round((100 * r.perSecond) / (r.setting.startsWith('1 ') ? ceil1 : ceil8))} %`);
    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const table = [
      `# Benchmark ${new Date().toISOString()}`,
      '',
      `Machine: ${machine}. ${SECONDS} s a measurement. Ratios are to the raw INSERT ceiling with the same concurrency (1 or 8; HTTP at 16 connections is compared with 8).`,
      '',
      '| measure | setting | per second | p50 ms | p99 ms | of ceiling | note |',
      '| --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...rows.map((r) => `| ${r.measure} | ${r.setting} | ${r.perSecond.toFixed(0)} | ${r.p50Ms?.toFixed(2) ?? ''} | ${r.p99Ms?.toFixed(2) ?? ''} | ${ratio(r)} | ${r.note ?? ''} |`),
      '',
    ].join('\n');
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'latest.md'), table);
    writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify({ machine, seconds: SECONDS, rows }, null, 2));
    process.stdout.write(table);
  } finally {
    await database?.close();
    await dropSchema(url!, schema).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(2);
  },
);
