/**
 * Group commit side by side (issue 16): appends to existing streams from concurrent writers, one
 * stream each, through `SqlEventStore` on PostgreSQL, for each version of `es_append_group` (the
 * first, call by call, and the set-based one of 2026-12-08) and each `groupCommitsInFlight`, in
 * rounds that alternate them so that a change of the machine's load falls on both. For each run:
 * appends a second, and CPU µs an append in this process (the writers and the store) and in the
 * bench server's PostgreSQL processes (its postmaster and that postmaster's children, from /proc;
 * the server must be local). CPU an append is the figure to compare on a shared machine.
 *
 * Usage: `DATABASE_URL=... npm run -s bench:group-commit` with, optionally, WRITERS (default 16),
 * IN_FLIGHT (comma-separated, default "4,2"), VERSIONS (default "first,set-based"), SECONDS a run
 * (default 4) and ROUNDS (default 2). Each run has a schema of its own, dropped after.
 */
import { Database, dropSchema, openDatabase } from '@pp/database';
import { eventStoreMigrations, SqlEventStore } from '@pp/event-store';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

const url = process.env.DATABASE_URL;
const WRITERS = Number(process.env.WRITERS ?? 16);
const IN_FLIGHT = (process.env.IN_FLIGHT ?? '4,2').split(',').map(Number);
const VERSIONS = (process.env.VERSIONS ?? 'first,set-based').split(',') as Array<'first' | 'set-based'>;
const SECONDS = Number(process.env.SECONDS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 2);

/** CPU (user + system) of `pids` so far, ms, from /proc (10 ms ticks). */
function cpuMs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      /* ended meanwhile */
    }
  }
  return total;
}

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);

/** The bench server's postmaster and its children. */
function serverPids(postmaster: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return pid === postmaster || parentOf(pid) === postmaster;
      } catch {
        return false;
      }
    });
}

async function measure(postmaster: number, version: 'first' | 'set-based', inFlight: number) {
  const schema = `bench_gc_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
  let database: Database | undefined;
  try {
    database = await openDatabase({ kind: 'postgres', url: url!, schema, poolSize: 10 });
    await SqlEventStore.open(database);
    if (version === 'first') await eventStoreMigrations['2026-12-08T00-00-00_es_append_group_set_based'].down!(database.db);
    const store = await SqlEventStore.open(database, { groupCommitsInFlight: inFlight });
    const streams = Array.from({ length: WRITERS }, () => ({ id: `gc-${randomUUID()}`, revision: -1n }));
    const run = async (seconds: number) => {
      const end = Date.now() + seconds * 1000;
      let count = 0;
      await Promise.all(
        streams.map(async (s) => {
          while (Date.now() < end) {
            const r = await store.appendToStream(s.id, [{ eventId: randomUUID(), type: 'Bench', data: { a: 1 }, metadata: {} }], { expectedRevision: s.revision < 0n ? 'no_stream' : s.revision });
            s.revision = r.nextExpectedRevision;
            count += 1;
          }
        }),
      );
      return count;
    };
    await run(1);
    const pids = serverPids(postmaster);
    const before = { self: process.cpuUsage(), server: cpuMs(pids) };
    const started = performance.now();
    const count = await run(SECONDS);
    const seconds = (performance.now() - started) / 1000;
    const self = process.cpuUsage(before.self);
    await store.close();
    return { perSecond: count / seconds, nodeUs: (self.user + self.system) / count, serverUs: ((cpuMs(pids) - before.server) * 1000) / count };
  } finally {
    await database?.close();
    await dropSchema(url!, schema).catch(() => undefined);
  }
}

async function main() {
  if (!url) throw new Error('DATABASE_URL must point at the (local) PostgreSQL to measure');
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const postmaster = parentOf(rows[0].pid);
  await client.end();
  process.stdout.write(`| round | es_append_group | in flight | appends/s | CPU µs an append, this process | CPU µs an append, PostgreSQL |\n| ---: | --- | ---: | ---: | ---: | ---: |\n`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const version of VERSIONS) {
      for (const inFlight of IN_FLIGHT) {
        const r = await measure(postmaster, version, inFlight);
        process.stdout.write(`| ${round} | ${version} | ${inFlight} | ${r.perSecond.toFixed(0)} | ${r.nodeUs.toFixed(0)} | ${r.serverUs.toFixed(0)} |\n`);
      }
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:group-commit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
