import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess, startService, stopService, until } from './support/processes';

/**
 * Issue 17's scenario (test/scenarios/price-lists.json) run as an operator runs any scenario:
 * `npm run scenario -- FILE --url` against the service started the Quick-start way, at the
 * scenario's date (SIMULATED_NOW); every step must have the outcome it expects.
 */
describe('The price-lists scenario against a running service', () => {
  let dataDir: string;
  let service: ServiceProcess;
  let url: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pp-scenario-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = startService('api', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'development', EVENT_STORE: 'embedded', DATABASE_URL: '', PROGRAM: 'vngcloud', SIMULATED_NOW: '2026-11-23T03:00:00Z' });
    await until(async () => {
      if (service.child.exitCode !== null) throw new Error(`the api exited:\n${service.output()}`);
      return fetch(`${url}/health`).then((r) => r.ok, () => false);
    }, 120_000, () => `the api on ${url} to answer /health (output so far: ${service.output().slice(-400)})`);
  });
  afterAll(async () => {
    if (service) await stopService(service);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes every step', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['run', '-s', 'scenario', '--', 'test/scenarios/price-lists.json', '--url', url], { env: { ...process.env, DATA_DIR: dataDir, NODE_OPTIONS: '' }, cwd: process.cwd() }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const failed = run.stdout.split('\n').filter((line) => line.startsWith('FAIL'));
    expect({ failed, stderr: run.stderr.trim() }).toEqual({ failed: [], stderr: '' });
    expect(run.stdout).toMatch(/^31 passed, 0 failed, 0 skipped$/m);
    expect(run.code).toBe(0);
  });
});
