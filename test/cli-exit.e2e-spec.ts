import { openDatabase, sql } from '@pp/database';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { approvedPartner, startTestApp } from './support/test-app';

/** A port nothing listens on: a free one, closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The exit code and output of a CLI run as an operator runs it (`npm run -s NAME -- ARGS`). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', ...args], { env: { ...process.env, EVENT_STORE: 'embedded', NODE_OPTIONS: '', ...env }, cwd: process.cwd() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Issue 12, item 20: every CLI exits non-zero on failure, also after it opened the embedded store,
 * whose close (PGlite) sets `process.exitCode` back to 0.
 */
describe('Operator CLIs exit non-zero on failure (embedded store)', () => {
  let pristine: string;
  const copies: string[] = [];
  /** A fresh copy of the data folder, for a test that damages it. */
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
    cpSync(pristine, dir, { recursive: true });
    copies.push(dir);
    return dir;
  };
  /** Runs `statements` against the copy's database as its owner could, past the triggers that keep events unchanged. */
  const tamper = async (dataDir: string, statements: string[]) => {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    await sql`alter table es_events disable trigger user`.execute(database.db);
    for (const statement of statements) await sql.raw(statement).execute(database.db);
    await database.close();
  };

  beforeAll(async () => {
    const t = await startTestApp();
    await approvedPartner(t);
    pristine = t.dataDir;
    await t.app.close();
  });
  afterAll(() => {
    for (const dir of [pristine, ...copies]) rmSync(dir, { recursive: true, force: true });
  });

  it('audit:verify exits 1 on a broken chain, 0 on an intact one, 2 when it cannot run', async () => {
    expect(await cli(['audit:verify'], { DATA_DIR: pristine })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^intact: /) });
    const broken = copy();
    await tamper(broken, [`update es_events set data = jsonb_set(data, '{partnerType}', '"agent"') where type = 'PartnerRegistrationSubmitted'`]);
    expect(await cli(['audit:verify'], { DATA_DIR: broken })).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BROKEN: stream partner-.+ the content does not match its hash/) });
    const busy = copy();
    writeFileSync(join(busy, 'pglite', 'pglite.lock'), String(process.pid));
    expect(await cli(['audit:verify'], { DATA_DIR: busy })).toMatchObject({ code: 2, stderr: expect.stringContaining(`is open in process ${process.pid}`) });
  });

  it('audit:export exits 2 when the log cannot be read after the store opened, and when the store is busy', async () => {
    const unreadable = copy();
    await tamper(unreadable, ['alter table es_events rename to es_events_gone']);
    const failed = await cli(['audit:export', '--', '--from', '0'], { DATA_DIR: unreadable });
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^audit:export: relation "es_events" does not exist/m) });
    const busy = copy();
    writeFileSync(join(busy, 'pglite', 'pglite.lock'), String(process.pid));
    expect(await cli(['audit:export', '--', '--from', '0'], { DATA_DIR: busy })).toMatchObject({ code: 2 });
  });

  it('projections:rebuild exits 2 when a replay fails half-way and for an unknown projection', async () => {
    const poisoned = copy();
    await tamper(poisoned, [`update es_events set data = jsonb_set(data, '{approvedAt}', '"not a time"') where type = 'PartnerApproved'`]);
    const failed = await cli(['projections:rebuild', '--', 'partner-dashboard'], { DATA_DIR: poisoned });
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^projections:rebuild: .*not a time/m) });
    expect(await cli(['projections:rebuild', '--', 'no-such-projection'], { DATA_DIR: pristine })).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
  });

  it('token exits 2 on a bad request, scenario non-zero when its steps fail or its file is missing', async () => {
    expect(await cli(['token', '--', '--sub', 'x'], { DATA_DIR: pristine })).toMatchObject({ code: 2, stderr: expect.stringContaining('--role is required') });
    // Issue 20: a closed port stops the run at once (exit 2), not one FAIL per step.
    const unreachable = await cli(['scenario', '--', '../shared/scenarios/vngcloud-onboarding.json', '--url', `http://127.0.0.1:${await closedPort()}`], { DATA_DIR: pristine });
    expect(unreachable).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^scenario: the service at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(.*ECONNREFUSED/) });
    expect((await cli(['scenario', '--', 'no-such-scenario.json'], { DATA_DIR: pristine })).code).not.toBe(0);
  });
});

/**
 * Issue 20: every CLI answers --help with its usage and examples on stdout (exit 0), refuses an
 * unknown option with the usage line on stderr (exit 2), and writes nothing else to stdout.
 */
describe('Operator CLIs: --help, unknown options, clean stdout', () => {
  const COMMANDS = ['audit:verify', 'audit:export', 'projections:rebuild', 'token', 'scenario', 'openapi', 'healthcheck'];
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pp-cli-help-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each(COMMANDS)('%s --help: usage, examples and exit codes on stdout, exit 0', async (name) => {
    const help = await cli([name, '--', '--help'], { DATA_DIR: dataDir });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^usage: npm run -s ${name}`));
    expect(help.stdout).toMatch(/\n {7}node dist\/scripts\/[a-z-]+\.js/);
    expect(help.stdout).toMatch(/\nExamples:\n {2}\S/);
    expect(help.stdout).toMatch(/\nExit: 0 /);
  });

  it.each(COMMANDS)('%s --bogus foo: refused with the usage line, exit 2, stdout empty', async (name) => {
    const refused = await cli([name, '--', '--bogus', 'foo'], { DATA_DIR: dataDir });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(new RegExp(`^${name}: Unknown option '--bogus'`));
    expect(refused.stderr).toContain(`usage: npm run -s ${name}`);
  });

  it('audit:export --stream of no stream fails (exit 1) instead of writing nothing with exit 0', async () => {
    expect(await cli(['audit:export', '--', '--stream', 'nosuch'], { DATA_DIR: dataDir })).toMatchObject({ code: 1, stdout: '', stderr: 'audit:export: no stream nosuch (it has no events)\n' });
  });

  it('projections:rebuild --all says which projection it skips and why', async () => {
    const all = await cli(['projections:rebuild', '--', '--all'], { DATA_DIR: dataDir });
    expect(all.code).toBe(0);
    expect(all.stderr).toContain('projections:rebuild: skipping mail-outbox: the outbox records which mails were sent; replaying it would send them again');
    expect(all.stdout).toMatch(/^partners: 0 events replayed/);
    expect(all.stdout).not.toContain('mail-outbox');
    const named = await cli(['projections:rebuild', '--', 'mail-outbox'], { DATA_DIR: dataDir });
    expect(named).toMatchObject({ code: 2, stderr: expect.stringMatching(/^projections:rebuild: mail-outbox cannot be rebuilt: /) });
  });
});
