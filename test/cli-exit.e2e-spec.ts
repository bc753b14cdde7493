import { openDatabase, sql } from '@pp/database';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedPartner, startTestApp } from './support/test-app';

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
    const unreachable = await cli(['scenario', '--', '../shared/scenarios/vngcloud-onboarding.json', '--url', 'http://127.0.0.1:9'], { DATA_DIR: pristine });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^FAIL /m);
    expect((await cli(['scenario', '--', 'no-such-scenario.json'], { DATA_DIR: pristine })).code).not.toBe(0);
  });
});
