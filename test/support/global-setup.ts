import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** RUN_CACHE_VARIABLE of libs/database/src/testing/run-cache.ts (not imported: this file is loaded without jest's module mapping). */
const RUN_CACHE_VARIABLE = 'PP_TEST_RUN_CACHE';

/**
 * Jest global setup: servers for the suites that need them, through testcontainers when a Docker
 * engine answers and the variable naming the server is not set already:
 * - PostgreSQL (`DATABASE_URL`), for the PostgreSQL adapter and the service on PostgreSQL;
 * - EventStoreDB (`EVENTSTORE_CONNECTION_STRING`), for its adapter's contract and the service on it.
 * The variables are set here, before jest starts its workers, which inherit them. Without Docker and
 * without the variables, those suites print why they skip (this development machine has no Docker
 * engine; CI sets DATABASE_URL to the machine's own PostgreSQL).
 *
 * It also makes the run's cache folder (`PP_TEST_RUN_CACHE`), where a migrated embedded store and an
 * empty PGlite cluster are made once for every worker and test file (libs/database/src/testing/run-cache.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env[RUN_CACHE_VARIABLE]) {
    process.env[RUN_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), 'pp-run-cache-'));
    (globalThis as { __ppRunCache?: string }).__ppRunCache = process.env[RUN_CACHE_VARIABLE];
  }
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
    const esdb = await new GenericContainer('eventstore/eventstore:24.10')
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    stops.push(() => esdb.stop());
    process.env.EVENTSTORE_CONNECTION_STRING = `esdb://${esdb.getHost()}:${esdb.getMappedPort(2113)}?tls=false`;
  }
  (globalThis as { __ppContainers?: typeof stops }).__ppContainers = stops;
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
