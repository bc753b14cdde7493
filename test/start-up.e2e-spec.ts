import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from './support/processes';

/** A port nothing listens on: a free one, closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SECRET = 'a3f09c1e7b2d4865a90f1c3e5b7d9f0214e6a8c0b2d4f6e8a1c3e5b7d9f02468';

/**
 * Issue 20: a bad configuration stops the api and the projector before anything starts: each bad
 * value one line naming the variable, exit 78, no stack trace; a PostgreSQL that does not answer is
 * retried for DATABASE_WAIT_SECONDS, then exit 69 with a line naming DATABASE_URL.
 */
describe('Start-up refusals (the processes as operators start them)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pp-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Starts `app` with `env` and waits for its exit; returns the code and the lines it printed. */
  const start = async (app: 'api' | 'projector', env: NodeJS.ProcessEnv) => {
    const service = startService(app, { DATA_DIR: dataDir, LOG_LEVEL: 'warn', EVENT_STORE: 'embedded', DATABASE_URL: '', AUTH_JWT_SECRET: '', INVITATION_SECRET: '', NODE_ENV: 'development', PORT: '0', ...env });
    const code = await service.exited;
    return { code, lines: service.output().split('\n').filter((l) => l !== '' && !l.includes('ExperimentalWarning') && !l.includes('--trace-warnings')) };
  };

  it.each<[string, 'api' | 'projector', NodeJS.ProcessEnv, string[]]>([
    ['PORT=abc', 'api', { PORT: 'abc' }, ['api: bad configuration: PORT="abc": expected a TCP port, a whole number from 0 to 65535']],
    ['short secrets', 'api', { AUTH_JWT_SECRET: 'short', INVITATION_SECRET: 'tiny' }, ['api: bad configuration: AUTH_JWT_SECRET (value not shown): expected at least 32 characters (e.g. openssl rand -hex 32)', 'api: bad configuration: INVITATION_SECRET (value not shown): expected at least 32 characters (e.g. openssl rand -hex 32)']],
    ['placeholder secret in production', 'api', { NODE_ENV: 'production', AUTH_JWT_SECRET: 'change-me-to-32-or-more-characters-please', INVITATION_SECRET: SECRET }, ['api: bad configuration: AUTH_JWT_SECRET (value not shown): is a placeholder; with NODE_ENV=production expected a random secret (e.g. openssl rand -hex 32)']],
    ['HOST with a space', 'api', { HOST: 'all of them' }, ['api: bad configuration: HOST="all of them": expected an address to listen on: an IPv4 or IPv6 address or a host name (127.0.0.1 for this machine only, 0.0.0.0 for every interface)']],
    ['PROJECTOR_PORT=x on the projector', 'projector', { PROJECTOR_PORT: 'x' }, ['projector: bad configuration: PROJECTOR_PORT="x": expected a TCP port, a whole number from 0 to 65535']],
    ['EVENT_STORE=postgres alone', 'projector', { EVENT_STORE: 'postgres' }, ['projector: bad configuration: DATABASE_URL: must be set when EVENT_STORE=postgres (postgres://user:password@host:5432/database)', 'projector: bad configuration: AUTH_JWT_SECRET: must be set when EVENT_STORE=postgres: at least 32 characters (e.g. openssl rand -hex 32)', 'projector: bad configuration: INVITATION_SECRET: must be set when EVENT_STORE=postgres: at least 32 characters (e.g. openssl rand -hex 32)']],
  ])('%s: exit 78, one line per bad value, no stack', async (_, app, env, expected) => {
    const { code, lines } = await start(app, env);
    expect({ code, lines }).toEqual({ code: 78, lines: expected });
  });

  it('a PostgreSQL that does not answer: retried for DATABASE_WAIT_SECONDS, then exit 69 naming DATABASE_URL, its password masked', async () => {
    const port = await closedPort();
    const started = Date.now();
    const { code, lines } = await start('api', { EVENT_STORE: 'postgres', DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/pp`, DATABASE_WAIT_SECONDS: '2', AUTH_JWT_SECRET: SECRET, INVITATION_SECRET: SECRET });
    expect(code).toBe(69);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(lines.at(-1)).toMatch(new RegExp(`^api: DATABASE_URL=postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/pp cannot be reached after 2 s: .*ECONNREFUSED`));
    expect(lines.slice(0, -1).every((l) => l.startsWith('api: waiting for DATABASE_URL='))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/s3cret|\n\s+at /);
  });
});
