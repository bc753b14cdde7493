import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAccount, startTestApp, TestApp } from './support/test-app';

/**
 * Issue 12, item 18: a full disk and a read-only data folder. The full disk is real: a small tmpfs
 * mounted by the test (root only), the embedded store in it, filled up by a file, then freed.
 */
const mountError = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'pp-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs is not permitted here (${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();
if (mountError) process.stdout.write(`SKIPPED the tmpfs cases of "store outage": ${mountError}\n`);
const withMount = mountError ? it.skip : it;

/** Mounts a tmpfs of `size` at a fresh folder; returns it and its unmount. */
function tmpfs(size: string, options = '') {
  const dir = mkdtempSync(join(tmpdir(), 'pp-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options ? `,${options}` : ''}`, 'tmpfs', dir]);
  return {
    dir,
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system of `dir` up to the last byte with one file; returns its path. */
function fill(dir: string): string {
  const filler = join(dir, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'pipe' });
  } catch {
    // dd stops with "No space left on device": that is the point.
  }
  // The last blocks dd could not fill with whole megabytes.
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k', 'oflag=append', 'conv=notrunc'], { stdio: 'pipe' });
  } catch {
    // full
  }
  return filler;
}

describe('Store outage: a full disk answers 503 and /health says so', () => {
  let disk: ReturnType<typeof tmpfs> | undefined;
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    disk?.unmount();
  });

  withMount('refuses writes with 503 STORE_UNAVAILABLE while the disk is full, reports the store down, and recovers when space is freed', async () => {
    disk = tmpfs('96m');
    t = await startTestApp({ dataDir: join(disk.dir, 'data') });
    const service = await t.token('service', 'identity-svc');
    const register = () => t!.request('POST', '/v1/accounts', { token: service, body: newAccount() });
    expect((await register()).status).toBe(201);
    expect((await t.request('GET', '/health')).status).toBe(200);

    const filler = fill(disk.dir);
    // Small writes may still fit in pages already allocated; the next page the store needs is refused.
    const answers: Array<{ status: number; body: any; headers: Record<string, unknown> }> = [];
    for (let i = 0; i < 400 && !answers.some((a) => a.status >= 500); i++) answers.push(await register());
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect([a.status, a.body.code]).toEqual([503, 'STORE_UNAVAILABLE']);
    expect(refused[0].headers['content-type']).toContain('application/problem+json');
    expect(refused[0].headers['retry-after']).toBeDefined();

    const health = await t.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.error.eventStore).toMatchObject({ status: 'down', writable: false, refusedWrites: expect.any(Number) });
    expect(health.body.error.eventStore.message).toMatch(/no space/);

    rmSync(filler);
    expect((await register()).status).toBe(201);
    expect((await t.request('GET', '/health')).status).toBe(200);

    // Every write that was answered 201, and only those, is in the log after a restart.
    const accepted = 2 + answers.filter((a) => a.status === 201).length;
    const dataDir = t.dataDir;
    await t.app.close();
    t = await startTestApp({ dataDir });
    const log = await t.request('GET', '/v1/audit/events?after=0&types=AccountRegistered&limit=1000', { token: await t.token('auditor', 'audit') });
    expect(log.body.items).toHaveLength(accepted);
  });
});

describe('Start-up on a data folder that cannot be written', () => {
  /** Starts the api (main.ts) as `npm start` would, without building; resolves with its exit code and output. */
  const start = (dataDir: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
        { cwd: process.cwd(), env: { ...process.env, NODE_OPTIONS: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', EVENT_STORE: 'embedded', TS_NODE_PROJECT: 'tsconfig.json' }, timeout: 60_000 },
        (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
      );
    });

  it('stops with one line naming DATA_DIR when the folder lies under a file', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pp-notdir-'));
    writeFileSync(join(parent, 'a-file'), 'x');
    try {
      const dataDir = join(parent, 'a-file', 'data');
      const { code, stderr } = await start(dataDir);
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^api: bad configuration: DATA_DIR=${dataDir} is not writable: .*ENOTDIR`))]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  withMount('stops with one line naming DATA_DIR on a read-only file system', async () => {
    const ro = tmpfs('1m', 'ro');
    try {
      const { code, stderr } = await start(ro.dir);
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^api: bad configuration: DATA_DIR=${ro.dir} is not writable: .*EROFS`))]);
    } finally {
      ro.unmount();
    }
  });

});
