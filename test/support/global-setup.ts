import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** RUN_CACHE_VARIABLE of libs/database/src/testing/run-cache.ts (not imported: this file is loaded without jest's module mapping). */
const RUN_CACHE_VARIABLE = 'PP_TEST_RUN_CACHE';
/** MULTI_APPEND_MODE_VARIABLE of libs/event-store/src/testing/esdb-server.ts, which tells the EventStoreDB contract which multi-stream append the server has. */
const MULTI_APPEND_MODE_VARIABLE = 'EVENTSTORE_MULTI_APPEND_MODE';
/** A KurrentDB with multi-stream append (25.1+); `KURRENTDB_IMAGE` picks another, e.g. 26.1 (`appendRecords`) or eventstore/eventstore:24.10 (none). */
const KURRENTDB_IMAGE = process.env.KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

/**
 * Jest global setup: servers for the suites that need them, through testcontainers when a Docker
 * engine answers and the variable naming the server is not set already:
 * - PostgreSQL (`DATABASE_URL`), for the PostgreSQL adapter and the service on PostgreSQL;
 * - KurrentDB (`EVENTSTORE_CONNECTION_STRING`), for the EventStoreDB adapter's contract and the
 *   service on it; then, with whichever server the variable names, it asks the server which
 *   multi-stream append it has (`EVENTSTORE_MULTI_APPEND_MODE`), so that the contract knows which
 *   of its atomicity tests apply before it is collected.
 * The variables are set here, before jest starts its workers, which inherit them. Without Docker and
 * without the variables, those suites print why they skip (this development machine has no Docker
 * engine; CI sets DATABASE_URL to the machine's own PostgreSQL).
 *
 * It also makes the run's cache folder (`PP_TEST_RUN_CACHE`), where a migrated embedded store and an
 * empty PGlite cluster are made once for every worker and test file (libs/database/src/testing/run-cache.ts).
 */
export default async function globalSetup(): Promise<void> {
  // A folder named but gone (an earlier `jest --watch` cycle's, removed by its teardown): a new one.
  const named = process.env[RUN_CACHE_VARIABLE];
  if (!named || !existsSync(named)) {
    process.env[RUN_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), 'pp-run-cache-'));
    (globalThis as { __ppRunCache?: string }).__ppRunCache = process.env[RUN_CACHE_VARIABLE];
  }
  await startContainers();
  await detectMultiAppendMode();
}

async function startContainers(): Promise<void> {
  const needPostgres = !process.env.DATABASE_URL;
  const needEsdb = !process.env.EVENTSTORE_CONNECTION_STRING;
  if (!needPostgres && !needEsdb) return;
  if (!dockerAnswers()) {
    process.stdout.write(`\nno Docker engine: testcontainers starts nothing${needEsdb ? '; the EventStoreDB suites will skip' : ''}${needPostgres ? '; the PostgreSQL suites will skip' : ''}\n`);
    return;
  }
  const { GenericContainer, Wait } = await import('testcontainers');
  const stops: Array<() => Promise<unknown>> = [];
  if (needPostgres) {
    const pg = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    stops.push(() => pg.stop());
    process.env.DATABASE_URL = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/test`;
  }
  if (needEsdb) {
    // KurrentDB reads KURRENTDB_* (the EVENTSTORE_* names are its deprecated aliases; the 24.10 image reads only those).
    const legacy = KURRENTDB_IMAGE.startsWith('eventstore/');
    const prefix = legacy ? 'EVENTSTORE' : 'KURRENTDB';
    const esdb = await new GenericContainer(KURRENTDB_IMAGE)
      .withEnvironment({ [`${prefix}_INSECURE`]: 'true', [`${prefix}_MEM_DB`]: 'true', [`${prefix}_RUN_PROJECTIONS`]: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    stops.push(() => esdb.stop());
    process.env.EVENTSTORE_CONNECTION_STRING = `kurrentdb://${esdb.getHost()}:${esdb.getMappedPort(2113)}?tls=false`;
  }
  (globalThis as { __ppContainers?: typeof stops }).__ppContainers = stops;
}

/** Sets EVENTSTORE_MULTI_APPEND_MODE from the server, unless it is set already or no server is configured. */
async function detectMultiAppendMode(): Promise<void> {
  const url = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!url || process.env[MULTI_APPEND_MODE_VARIABLE]) return;
  // By relative path: this file is loaded without jest's module mapping (esdb-server.ts imports nothing mapped).
  const { askMultiAppendMode } = await import('../../libs/event-store/src/testing/esdb-server');
  try {
    process.env[MULTI_APPEND_MODE_VARIABLE] = await askMultiAppendMode(url);
    process.stdout.write(`\nEventStoreDB at ${url}: multi-stream append mode ${process.env[MULTI_APPEND_MODE_VARIABLE]}\n`);
  } catch (error) {
    process.stdout.write(`\nEventStoreDB at ${url} did not answer the multi-stream append probe (${String(error)}): the contract will declare no atomicity\n`);
  }
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
