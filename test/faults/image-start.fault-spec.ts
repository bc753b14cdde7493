import { dropSchema } from '@pp/database';
import { testSchema } from '@pp/database/testing/postgres-test';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSmtp } from '../support/smtp';
import { until } from '../support/processes';

/**
 * Issue 20: the image's start, tested without a Docker engine the way one can: the built dist/ laid
 * out as docker/Dockerfile lays it out (/app owned by the runtime user, DATA_DIR a folder it owns),
 * run as an unprivileged user (uid 1000, the image's `node`) with the Dockerfile's ENV and the
 * compose file's environment read from docker/compose.yaml. What compose would provide is mapped to
 * this machine: the `postgres` service to DATABASE_URL (a schema of its own), `mailpit` to a local
 * SMTP server, the published ports to free ones. Where a Docker engine answers, the compose
 * topology is also built and started for real.
 */
const ROOT = process.cwd();
const DATABASE_URL = process.env.DATABASE_URL;
const RUNTIME_UID = 1000;

/** Why this cannot run here, or undefined. */
const unavailable = (() => {
  if (!DATABASE_URL) return 'DATABASE_URL is not set (the compose topology needs PostgreSQL)';
  if (!existsSync(join(ROOT, 'dist/apps/api/src/main.js'))) return 'dist/ is not built (npm run test:faults builds it)';
  if (process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status !== 0) return 'running as root without setpriv to drop to an unprivileged user';
  return undefined;
})();
if (unavailable) process.stdout.write(`SKIPPED "image start without an engine": ${unavailable}\n`);

/** The Dockerfile's final stage: its ENV, USER, HEALTHCHECK and CMD. */
function dockerfile() {
  const text = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  const final = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, line] of final.matchAll(/^ENV (.+)$/gm)) for (const [, k, v] of line.matchAll(/([A-Z_]+)=(\S+)/g)) env[k] = v;
  const json = (instruction: string) => JSON.parse(new RegExp(`^${instruction} .*?(\\[.*\\])\\s*$`, 'm').exec(final)![1]) as string[];
  return { final, env, user: /^USER (\S+)$/m.exec(final)?.[1], healthcheck: json('HEALTHCHECK'), cmd: json('CMD') };
}

/** Compose's interpolation: ${NAME}, ${NAME:-default}, ${NAME:?message} (the message thrown when unset). */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, arg?: string) => {
    const given = vars[name];
    if (given !== undefined && given !== '') return given;
    if (kind === '?') throw new Error(`${name}: ${arg}`);
    return kind === '-' ? (arg ?? '') : '';
  });
}

/** docker/compose.yaml, parsed with its merge keys (`<<: *env`). */
const compose = () => parse(readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; command?: string[]; ports?: string[]; volumes?: string[]; healthcheck?: { test: string[] } }> };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SECRETS = { AUTH_JWT_SECRET: randomBytes(32).toString('hex'), INVITATION_SECRET: randomBytes(32).toString('hex') };

describe('docker/compose.yaml and docker/Dockerfile as written', () => {
  it('sets what the topology needs: volumes for PostgreSQL and DATA_DIR, a mail catcher, PUBLIC_URL on the published port, no default secrets', () => {
    const { services } = compose();
    const image = dockerfile();
    expect(services.postgres.volumes).toContainEqual(expect.stringMatching(/^postgres-data:\/var\/lib\/postgresql\/data$/));
    for (const name of ['api', 'projector']) expect(services[name].volumes).toContainEqual(`app-data:${image.env.DATA_DIR}`);
    expect(image.user).toBe('node');
    // The application belongs to root (read-only to the runtime user); only DATA_DIR is its own.
    expect(image.final).toMatch(/COPY --from=build \/app\/dist/);
    expect(image.final).not.toMatch(/--chown/);
    expect(image.final).toMatch(/chown node:node \/data/);
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '3000' });
    const env = Object.fromEntries(Object.entries(services.api.environment!).map(([k, v]) => [k, interpolate(String(v), SECRETS)]));
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(services.mailpit).toBeDefined();
    const published = services.api.ports![0].split(':');
    expect(new URL(env.PUBLIC_URL).port).toBe(published[published.length - 2]);
    expect(published.at(-1)).toBe(image.env.PORT);
    // PostgreSQL not on 5432 of this machine, where a PostgreSQL of its own may listen (CI's does).
    for (const port of services.postgres.ports ?? []) expect(interpolate(port, {})).not.toMatch(/(^|:)5432:/);
    // The projector is checked by the image's HEALTHCHECK (PROJECTOR_PORT when nothing listens on PORT), not a port of its own.
    expect(services.projector.healthcheck).toBeUndefined();
    // Without the secrets, compose itself refuses to start, naming them.
    expect(() => interpolate(String(services.api.environment!.AUTH_JWT_SECRET), {})).toThrow(/^AUTH_JWT_SECRET: set AUTH_JWT_SECRET/);
    expect(() => interpolate(String(services.api.environment!.INVITATION_SECRET), {})).toThrow(/^INVITATION_SECRET: set INVITATION_SECRET/);
  });
});

(unavailable ? describe.skip : describe)('The image started without an engine: dist/ as an unprivileged user with the compose environment', () => {
  let app: string;
  let dataDir: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const schema = testSchema('image');
  const children: ChildProcess[] = [];
  const asRoot = process.getuid?.() === 0;

  /** Runs `argv` as the image's user would (uid 1000 when we are root), in the app folder, with exactly `env` (no inherited variables). */
  const asRuntimeUser = (argv: string[], env: Record<string, string>) => {
    const [command, args] = asRoot ? ['setpriv', ['--reuid', String(RUNTIME_UID), '--regid', String(RUNTIME_UID), '--clear-groups', '--', ...argv]] : [argv[0], argv.slice(1)];
    return { command: command as string, args: args as string[], options: { cwd: app, env: { PATH: process.env.PATH!, ...env } } };
  };
  const start = (argv: string[], env: Record<string, string>) => {
    const run = asRuntimeUser(argv, env);
    const child = spawn(run.command, run.args, { ...run.options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    children.push(child);
    return { child, output: () => out };
  };
  const runOnce = (argv: string[], env: Record<string, string>) => {
    const run = asRuntimeUser(argv, env);
    return spawnSync(run.command, run.args, { ...run.options, encoding: 'utf8', timeout: 60_000 });
  };
  /** The environment of `service` as the container gets it: the Dockerfile's ENV, then compose's, then what maps compose's servers here. */
  const environment = (service: string, mapped: Record<string, string>) => {
    const fromCompose = Object.fromEntries(Object.entries(compose().services[service].environment!).map(([k, v]) => [k, interpolate(String(v), { ...SECRETS, EVENT_STORE: 'postgres' })]));
    return { ...dockerfile().env, ...fromCompose, DATA_DIR: dataDir, ...mapped };
  };

  beforeAll(async () => {
    // /app as the Dockerfile lays it out: owned by root (when we are root), DATA_DIR by the runtime user.
    app = mkdtempSync(join(tmpdir(), 'pp-image-'));
    cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    if (existsSync(join(ROOT, 'apps/console/dist'))) cpSync(join(ROOT, 'apps/console/dist'), join(app, 'apps/console/dist'), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(app, 'node_modules'));
    dataDir = join(app, 'data-volume');
    mkdirSync(dataDir);
    if (asRoot) {
      chmodSync(app, 0o755);
      execFileSync('chown', ['-R', '--no-dereference', `${RUNTIME_UID}:${RUNTIME_UID}`, dataDir]);
    }
    writeFileSync(join(tmpdir(), `${app.split('/').pop()}.stamp`), '');
    smtp = await startSmtp();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await smtp?.close();
    await dropSchema(DATABASE_URL!, schema).catch(() => undefined);
    rmSync(app, { recursive: true, force: true });
    rmSync(join(tmpdir(), `${app.split('/').pop()}.stamp`), { force: true });
  });

  it('the api and two projectors start as the image starts them, answer /health/ready, and the HEALTHCHECK and the operator commands pass', async () => {
    const image = dockerfile();
    const apiPort = await freePort();
    const mapped = { DATABASE_URL: DATABASE_URL!, DATABASE_SCHEMA: schema, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PORT: String(apiPort), LOG_LEVEL: 'warn' };
    const apiEnv = environment('api', mapped);
    expect(apiEnv).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', EVENT_STORE: 'postgres', RUN_PROJECTIONS: 'false' });
    const api = start(image.cmd, apiEnv);
    await until(() => /listening on/.test(api.output()) || api.child.exitCode !== null, 60_000, () => `the api to listen; it printed: ${api.output()}`);
    expect(api.child.exitCode).toBeNull();
    expect(api.output()).toContain('HOST=0.0.0.0');
    if (asRoot) expect(execFileSync('ps', ['-o', 'uid=', '-p', String(api.child.pid)]).toString().trim()).toBe(String(RUNTIME_UID));
    expect((await fetch(`http://127.0.0.1:${apiPort}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${apiPort}/health/ready`)).status).toBe(200);
    const healthcheck = runOnce(image.healthcheck, apiEnv);
    expect({ status: healthcheck.status, stdout: healthcheck.stdout }).toEqual({ status: 0, stdout: 'healthcheck: /health/ready answered 200\n' });

    const projector = compose().services.projector;
    const projectorPorts = [await freePort(), await freePort()];
    const projectors = projectorPorts.map((port) => start(projector.command!, environment('projector', { ...mapped, PROJECTOR_PORT: String(port) })));
    for (const [i, p] of projectors.entries()) await until(() => /projector running/.test(p.output()) || p.child.exitCode !== null, 60_000, () => `projector ${i} to run; it printed: ${p.output()}`);
    for (const [i, port] of projectorPorts.entries()) {
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(metrics).toMatch(/^pp_projection_lag_seconds\{projection="partners"\} /m);
      // The image's HEALTHCHECK in the projector's container: nothing listens on PORT there.
      const check = runOnce(image.healthcheck, environment('projector', { ...mapped, PORT: String(await freePort()), PROJECTOR_PORT: String(port) }));
      expect([i, check.status, check.stdout]).toEqual([i, 0, 'healthcheck: /health/ready answered 200\n']);
    }

    // The operator commands compiled into the image.
    const verify = runOnce(['node', 'dist/scripts/audit-verify.js'], apiEnv);
    expect({ status: verify.status, stdout: verify.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/^intact: \d+ events/) });
    const help = runOnce(['node', 'dist/scripts/projections-rebuild.js', '--help'], apiEnv);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run -s projections:rebuild/);
    // Nothing was written outside DATA_DIR (the volume) by the runtime user.
    const written = execFileSync('find', [app, '-newer', join(tmpdir(), `${app.split('/').pop()}.stamp`), '-type', 'f', '-print']).toString().split('\n').filter(Boolean);
    expect(written.filter((f) => !f.startsWith(`${dataDir}/`))).toEqual([]);
    if (asRoot) expect(Number(execFileSync('stat', ['-c', '%u', dataDir]).toString())).toBe(RUNTIME_UID);
  });
});

const engine = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
if (!engine) process.stdout.write('SKIPPED "compose topology on a Docker engine": no Docker engine answers (docker info failed)\n');
(engine ? describe : describe.skip)('The compose topology on a Docker engine', () => {
  const env = { ...process.env, ...SECRETS, EVENT_STORE: 'postgres' };
  const composeCli = (args: string[]) => execFileSync('docker', ['compose', '-f', 'docker/compose.yaml', ...args], { env, stdio: 'pipe', timeout: 900_000 });
  afterAll(() => composeCli(['down', '-v']));

  it('builds, starts healthy and answers /health/ready on the published port', async () => {
    composeCli(['up', '--build', '--wait', '-d']);
    expect((await fetch('http://127.0.0.1:3000/health/ready')).status).toBe(200);
  });
});
