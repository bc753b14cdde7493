import { startPrivatePostgres, PrivatePostgres, privatePostgresUnavailable } from './support/private-postgres';
import { ServiceProcess, startService, stopService, until } from './support/processes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 20: /health/live answers while the process does; /health/ready (and /health, kept as it)
 * answers 503 with the per-check report, never a 500 problem, when PostgreSQL is stopped; /metrics
 * still answers 200 with the runtime metrics then.
 */
const unavailable = privatePostgresUnavailable();
if (unavailable) process.stdout.write(`SKIPPED "health split with a stopped PostgreSQL": ${unavailable}\n`);
const maybe = unavailable ? describe.skip : describe;

maybe('Health split: liveness and readiness with PostgreSQL stopped', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let projector: ServiceProcess;
  let projectorUrl: string;
  beforeAll(async () => {
    const started = await startPrivatePostgres();
    if ('skip' in started) throw new Error(started.skip);
    pg = started;
    t = await startTestApp({ store: 'postgres', databaseUrl: pg.url });
    // The projector process, its probes on a port of its own (any free one: PROJECTOR_PORT=0).
    const secret = t.secret;
    projector = startService('projector', { EVENT_STORE: 'postgres', DATABASE_URL: pg.url, AUTH_JWT_SECRET: secret, INVITATION_SECRET: `${secret}-invitations`, SMTP_URL: 'smtp://127.0.0.1:1', LOG_LEVEL: 'error', DATABASE_WAIT_SECONDS: '5' });
    await until(() => /projector running.*http:\/\/127\.0\.0\.1:\d+\/health\/ready/.test(projector.output()), 90_000, () => `the projector to run; it printed: ${projector.output()}`);
    projectorUrl = /(http:\/\/127\.0\.0\.1:\d+)\/health\/ready/.exec(projector.output())![1];
  });
  afterAll(async () => {
    if (projector) await stopService(projector);
    await t?.app.close().catch(() => undefined);
    pg?.stop();
  });

  it('answers 200 on /health/live, /health/ready and /health while PostgreSQL runs', async () => {
    for (const path of ['/health/live', '/health/ready', '/health']) {
      const answer = await t.request('GET', path);
      expect([path, answer.status]).toEqual([path, 200]);
    }
    expect((await t.request('GET', '/health/ready')).body).toMatchObject({ status: 'ok', details: { eventStore: { status: 'up' }, readModels: { status: 'up' } } });
    expect((await t.request('GET', '/health/live')).body).toMatchObject({ status: 'ok' });
    for (const path of ['/health/live', '/health/ready', '/health']) expect([path, (await fetch(`${projectorUrl}${path}`)).status]).toEqual([path, 200]);
    const metrics = await (await fetch(`${projectorUrl}/metrics`)).text();
    expect(metrics).toMatch(/^process_cpu_seconds_total /m);
    expect(metrics).toMatch(/^pp_projection_lag_seconds\{projection="partners"\} /m);
  });

  it('answers 503 with the report on /health/ready and /health, 200 on /health/live, once PostgreSQL is stopped', async () => {
    pg.stop();
    for (const path of ['/health/ready', '/health']) {
      const answer = await t.request('GET', path);
      expect([path, answer.status]).toEqual([path, 503]);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.body).toMatchObject({ status: 'error', error: { eventStore: { status: 'down', message: expect.any(String) }, readModels: { status: 'down' } } });
    }
    const live = await t.request('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    // The projector the same, on its own port.
    const ready = await fetch(`${projectorUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'error', error: { eventStore: { status: 'down' }, readModels: { status: 'down' } } });
    expect((await fetch(`${projectorUrl}/health/live`)).status).toBe(200);
  });

  it('still answers /metrics with 200 and the runtime metrics, without the store-dependent gauges, while PostgreSQL is stopped', async () => {
    pg.stop();
    const api = await t.request('GET', '/metrics');
    const projector = await fetch(`${projectorUrl}/metrics`);
    const scrapes = { api: { status: api.status, text: String(api.body) }, projector: { status: projector.status, text: await projector.text() } };
    for (const [name, { status, text }] of Object.entries(scrapes)) {
      expect([name, status]).toEqual([name, 200]);
      expect([name, /^process_cpu_seconds_total /m.test(text), /^nodejs_heap_size_used_bytes /m.test(text)]).toEqual([name, true, true]);
      // Left out, not stale: a lag of 0 from before the outage would read as "caught up".
      expect([name, /^pp_projection_lag_seconds\{/m.test(text)]).toEqual([name, false]);
    }
  });
});
