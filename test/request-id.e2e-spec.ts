import { EVENT_STORE, EventStore } from '@pp/event-store';
import { PassThrough } from 'node:stream';
import { newAccount, startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Issue 20: one request id end to end. An incoming `x-request-id` (bounded, validated) is taken, or
 * one is made; the log line, the answer's `x-request-id` and `x-correlation-id` (every answer,
 * 401/403 and problems included) and the correlation id of the events the request writes are the same.
 */
describe('Request ids', () => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await startTestApp({ logDestination: destination, config: { logLevel: 'info' } });
  });
  afterAll(() => t?.close());

  /** The `req.id` of the log lines of the request to `url`. */
  const loggedIds = (url: string) =>
    logs
      .map((line) => JSON.parse(line) as { req?: { id?: string; url?: string } })
      .filter((entry) => entry.req?.url === url)
      .map((entry) => entry.req!.id);

  it('takes a given x-request-id: the answer, the log line and the events carry it', async () => {
    const service = await t.token('service', 'identity-svc');
    const account = newAccount();
    const created = await t.request('POST', '/v1/accounts', { token: service, body: account, headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(created.status).toBe(201);
    expect(created.headers).toMatchObject({ 'x-request-id': 'lb-7f3a.42', 'x-correlation-id': 'lb-7f3a.42' });
    expect(loggedIds('/v1/accounts')).toContain('lb-7f3a.42');
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readAll({ after: 0n, maxCount: 10_000 });
    const mine = events.filter((e) => JSON.stringify(e.data).includes(account.accountId));
    expect(mine.length).toBeGreaterThan(0);
    for (const e of mine) expect(e.metadata).toMatchObject({ correlationId: 'lb-7f3a.42', causationId: 'lb-7f3a.42' });
  });

  it('makes one when none is given, the same in the answer and the log', async () => {
    const answer = await t.request('GET', '/health/live');
    expect(answer.headers['x-request-id']).toMatch(UUID);
    expect(answer.headers['x-correlation-id']).toBe(answer.headers['x-request-id']);
  });

  it('replaces an unusable x-request-id (too long, or characters unsafe in logs) by a new one', async () => {
    for (const bad of ['x'.repeat(129), 'a b', 'id"; drop']) {
      const answer = await t.request('GET', '/health/live', { headers: { 'x-request-id': bad } });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('answers it on 401, 403, 404 and problem answers too', async () => {
    const partner = await t.token('partner', 'p@example.vn', 'acc-1');
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['GET', '/v1/approvals', {}, 401],
      ['GET', '/v1/approvals', { authorization: `Bearer ${partner}` }, 403],
      ['GET', '/v1/no-such-route', {}, 404],
      ['POST', '/v1/accounts', { authorization: `Bearer ${await t.token('service', 'svc')}`, 'content-type': 'application/json' }, 400],
    ];
    for (const [method, url, headers, status] of cases) {
      const answer = await t.app.inject({ method: method as 'GET', url, headers: { ...headers, 'x-request-id': `case-${status}` }, payload: method === 'POST' ? '{}' : undefined });
      expect([url, answer.statusCode, answer.headers['x-request-id'], answer.headers['x-correlation-id']]).toEqual([url, status, `case-${status}`, `case-${status}`]);
    }
  });

  it('keeps a given x-correlation-id apart from the request id', async () => {
    const answer = await t.request('GET', '/health/live', { headers: { 'x-request-id': 'req-1', 'x-correlation-id': 'flow-9' } });
    expect(answer.headers).toMatchObject({ 'x-request-id': 'req-1', 'x-correlation-id': 'flow-9' });
  });
});
