import { Client } from 'pg';
import { AppConfig, ConfigError, loadConfig } from './config';
import { assertDataDirWritable, usesDataDir } from './data-dir';

/** sysexits.h EX_CONFIG: the configuration is wrong; restarting will not help. */
export const EXIT_CONFIG = 78;
/** sysexits.h EX_UNAVAILABLE: a server the service needs (PostgreSQL) did not answer in time. */
export const EXIT_UNAVAILABLE = 69;

/**
 * `DATABASE_URL` with its password masked, for messages: `postgres://app:***@db:5432/pp`.
 * An unparsable URL is shown as its scheme only.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return `${url.split(':')[0]}://...`;
  }
}

/**
 * Waits until PostgreSQL at `url` accepts a connection and answers `select 1`, retrying with a
 * growing pause (0.25 s doubling to 2 s) for up to `seconds`: in compose or Kubernetes the
 * database often starts with the service.
 * @throws Error `DATABASE_URL=<url, password masked> cannot be reached after N s: <last reason>`.
 */
export async function waitForDatabase(url: string, seconds: number, onRetry?: (reason: string) => void): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let pause = 250;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: Math.max(1000, Math.min(5000, seconds * 1000)) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      const reason = String((error as { message?: unknown })?.message ?? error).replace(/\s+/g, ' ') || String((error as { code?: unknown }).code ?? 'no answer');
      if (Date.now() + pause > deadline) throw new Error(`DATABASE_URL=${redactUrl(url)} cannot be reached after ${seconds} s: ${reason}`);
      onRetry?.(reason);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 2000);
    }
  }
}

/**
 * What the api and the projector do before anything starts: the whole configuration validated
 * (each bad value one line on stderr, exit 78), `DATA_DIR` checked writable when used (exit 78), and
 * PostgreSQL reached with a bounded retry when a server store is configured (exit 69 naming
 * `DATABASE_URL`). Never returns on failure; no stack trace is printed for these.
 */
export async function configureOrExit(processName: string, env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  let config: AppConfig;
  try {
    config = loadConfig(env);
    if (usesDataDir(config)) assertDataDirWritable(config.dataDir);
  } catch (error) {
    const lines = error instanceof ConfigError ? error.lines : [(error as Error).message];
    for (const line of lines) process.stderr.write(`${processName}: bad configuration: ${line}\n`);
    process.exit(EXIT_CONFIG);
  }
  if (config.eventStore !== 'embedded' && config.databaseUrl) {
    try {
      await waitForDatabase(config.databaseUrl, config.databaseWaitSeconds ?? 30, (reason) => process.stderr.write(`${processName}: waiting for DATABASE_URL=${redactUrl(config.databaseUrl!)}: ${reason}\n`));
    } catch (error) {
      process.stderr.write(`${processName}: ${(error as Error).message}\n`);
      process.exit(EXIT_UNAVAILABLE);
    }
  }
  return config;
}
