import { mintToken } from '@pp/auth';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PrivatePostgres, privatePostgresUnavailable, startPrivatePostgres } from '../support/private-postgres';
import { ServiceProcess, startService, stopService, until } from '../support/processes';
import { partnerApplication } from '../support/test-app';

interface Outcome {
  readonly accountId: string;
  readonly started: number;
  readonly status: number | 'network-error';
  readonly code?: string;
  readonly contentType?: string;
}

const unavailable = privatePostgresUnavailable();
// In CI the fault tests must run: a machine without PostgreSQL's server binaries is an error there.
if (unavailable && process.env.CI === 'true') throw new Error(`CI=true but the restart fault test cannot run: ${unavailable}`);
if (unavailable) process.stdout.write(`SKIPPED "PostgreSQL restarted while commands arrive": ${unavailable}\n`);

/**
 * Issue 8: PostgreSQL restarted (`pg_ctl restart -m immediate`, every connection cut as in a crash)
 * while eight clients keep sending RegisterAccount to the api, a process of its own. The service must
 * come back by itself; every command answered 2xx must have its events in the log; the ones refused
 * during the outage answer 503 problem+json (never a 500) and succeed when retried with the same
 * Idempotency-Key, with one set of events each.
 */
(unavailable ? describe.skip : describe)('PostgreSQL restarted while commands arrive', () => {
  let pg: PrivatePostgres;
  let api: ServiceProcess | undefined;
  let dataDir: string;
  const secret = randomBytes(32).toString('hex');
  let service: string;

  beforeAll(async () => {
    service = await mintToken({ role: 'service', sub: 'identity-svc' }, secret);
    const started = await startPrivatePostgres();
    if ('skip' in started) throw new Error(started.skip);
    pg = started;
  });
  afterAll(async () => {
    try {
      if (api) await stopService(api);
    } finally {
      pg?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('recovers by itself; every 2xx is in the log; every refusal is a 503 that a retry with its key completes', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pp-fault-pg-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const base = `http://127.0.0.1:${port}`;
    api = startService(
      'api',
      { PORT: String(port), EVENT_STORE: 'postgres', DATABASE_URL: pg.url, DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, INVITATION_SECRET: `${secret}-inv`, LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:1', READ_WAIT_MS: '15000' },
      { compiled: true },
    );
    await until(async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200, 60_000, () => `the api to answer /health (output: ${api!.output().slice(-2000)})`);

    const register = async (accountId: string): Promise<Outcome> => {
      const started = Date.now();
      try {
        const response = await fetch(`${base}/v1/accounts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${service}`, 'content-type': 'application/json', 'idempotency-key': accountId },
          body: JSON.stringify({ accountId, email: `${accountId}@example.vn`, type: 'enterprise', billing: 'prepaid' }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        return { accountId, started, status: response.status, code: body.code, contentType: response.headers.get('content-type') ?? undefined };
      } catch {
        return { accountId, started, status: 'network-error' };
      }
    };

    const outcomes: Outcome[] = [];
    let next = 0;
    let sending = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (sending) {
        const outcome = await register(`acc-f${next++}`);
        outcomes.push(outcome);
        if (outcome.status !== 201) await new Promise((r) => setTimeout(r, 20));
      }
    });
    await until(() => outcomes.filter((o) => o.status === 201).length >= 200, 60_000, '200 commands before the restart');
    const pidBefore = pg.pid();
    const restartStarted = Date.now();
    await pg.restartAsync();
    const restarted = Date.now();
    // Time for the pools to find the server again, then a stretch that must be all 2xx.
    await new Promise((r) => setTimeout(r, 4_000));
    const steadyFrom = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    sending = false;
    await Promise.all(clients);

    expect(pg.pid()).not.toBe(pidBefore);
    const ok = outcomes.filter((o) => o.status === 201);
    const refused = outcomes.filter((o) => o.status !== 201);
    const byStatus = outcomes.reduce<Record<string, number>>((m, o) => ({ ...m, [`${o.status}${o.code ? ` ${o.code}` : ''}`]: (m[`${o.status}${o.code ? ` ${o.code}` : ''}`] ?? 0) + 1 }), {});
    if (outcomes.some((o) => o.status === 'network-error')) process.stdout.write(`[pg-restart] the api dropped connections; its output:\n${api.output().slice(-4000)}\n`);
    process.stdout.write(`[pg-restart] restart took ${restarted - restartStarted} ms; ${outcomes.length} commands: ${JSON.stringify(byStatus)}\n`);

    // The restart landed while commands were in flight, and none of them got a 500 or a dropped connection.
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect({ accountId: o.accountId, status: o.status, code: o.code }).toEqual({ accountId: o.accountId, status: 503, code: 'STORE_UNAVAILABLE' });
      expect(o.contentType).toMatch(/^application\/problem\+json/);
    }
    // It came back by itself: everything sent once it settled was accepted.
    const steady = outcomes.filter((o) => o.started >= steadyFrom);
    expect(steady.length).toBeGreaterThan(0);
    expect(steady.filter((o) => o.status !== 201)).toEqual([]);

    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const counts = async () =>
        new Map((await client.query<{ stream_id: string; n: string }>(`select stream_id, count(*) as n from es_events where stream_id like 'account-acc-f%' group by stream_id`)).rows.map((r) => [r.stream_id, Number(r.n)]));
      const before = await counts();
      // Every command answered 2xx has its events in the log.
      expect(ok.filter((o) => !before.has(`account-${o.accountId}`)).map((o) => o.accountId)).toEqual([]);
      const perCommand = before.get(`account-${ok[0].accountId}`)!;

      // Every refused one succeeds when retried with its key, and ends with one set of events.
      for (const o of refused) {
        const retried = await register(o.accountId);
        expect({ accountId: o.accountId, status: retried.status, code: retried.code }).toEqual({ accountId: o.accountId, status: 201, code: undefined });
      }
      const after = await counts();
      expect(after.size).toBe(outcomes.length);
      expect([...after.values()].filter((n) => n !== perCommand)).toEqual([]);
    } finally {
      await client.end();
    }

    // The projections came back too: a partner applying now is readable with its position.
    const accountId = 'acc-after-restart';
    expect((await register(accountId)).status).toBe(201);
    const partnerToken = await mintToken({ role: 'partner', sub: `${accountId}@example.vn`, account: accountId }, secret);
    const applied = await fetch(`${base}/v1/partners`, { method: 'POST', headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' }, body: JSON.stringify(partnerApplication()) });
    expect(applied.status).toBe(201);
    const { position } = (await applied.json()) as { position: string };
    const read = await fetch(`${base}/v1/partners/${accountId}?minPosition=${position}`, { headers: { authorization: `Bearer ${await mintToken({ role: 'reviewer', sub: 'staff' }, secret)}` } });
    expect(read.status).toBe(200);
    expect(((await fetch(`${base}/health`)).status)).toBe(200);
  });
});
