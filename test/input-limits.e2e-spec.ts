import { EVENT_STORE, EventStore } from '@pp/event-store';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { approvedPartner, newAccount, partnerApplication, registeredAccount, startTestApp, TEST_NOW, TestApp } from './support/test-app';

/** `depth` arrays one inside the other around `inner`, as JSON text (too deep for JSON.stringify of a built value to be cheap). */
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

/** An HS256 token with exactly this header and payload, whatever a JWT library would let us sign. */
function craftToken(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT', ...header })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Sends raw bytes over a socket and returns everything the server wrote before it closed. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}

/** `date` written in RFC 3339 at a UTC offset of `minutes`, without fractional seconds (`2026-11-23T10:00:00+07:00`). */
function withOffset(date: Date, minutes: number): string {
  const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 19);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('Input at the HTTP edge (issue 12)', () => {
  let t: TestApp;
  let store: EventStore;
  let service: string;
  let reviewer: string;
  let partner: Awaited<ReturnType<typeof approvedPartner>>;

  beforeAll(async () => {
    // A body limit as in production (1 MiB): the limits under test must bind before it does.
    t = await startTestApp({ config: { bodyLimitBytes: 1024 * 1024 } });
    store = t.app.get(EVENT_STORE);
    service = await t.token('service', 'identity-svc');
    reviewer = await t.token('reviewer', 'staff');
    partner = await approvedPartner(t);
    // Starting PGlite and approving a partner can take tens of seconds on a loaded machine.
  });
  afterAll(async () => t.close());

  /** Sends a request that must be refused with a problem and must append nothing; returns the answer. */
  const refused = async (...args: Parameters<TestApp['request']>) => {
    const before = await store.headPosition();
    const r = await t.request(...args);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(typeof r.body.code).toBe('string');
    expect(await store.headPosition()).toBe(before);
    return r;
  };

  describe('item 1: nesting depth', () => {
    it('refuses a body nested 3,000 levels deep with 400 BODY_TOO_DEEP, in any field of any command', async () => {
      const deep = nested(3000);
      const bodies: Array<[string, string, string, string]> = [
        ['POST', `/v1/partners/${partner.partnerId}/customers`, partner.token, `{"customers":[{"email":"a@example.vn","commonName":${deep}}]}`],
        ['POST', '/v1/accounts', service, `{"accountId":"acc-deep","email":"deep@example.vn","type":"enterprise","billing":"prepaid","x":${deep}}`],
        ['PATCH', `/v1/partners/${partner.partnerId}/profile`, partner.token, `{"contact":${deep}}`],
        ['POST', '/v1/accounts', service, deep],
      ];
      for (const [method, url, token, body] of bodies) {
        const r = await refused(method as 'POST', url, { token, body, headers: { 'content-type': 'application/json' } });
        expect([url, r.status, r.body.code]).toEqual([url, 400, 'BODY_TOO_DEEP']);
      }
    });

    it('refuses a 1 MiB body of nothing but nesting with a problem, not a stack overflow', async () => {
      const r = await refused('POST', '/v1/accounts', { token: service, body: nested(500_000), headers: { 'content-type': 'application/json' } });
      expect([r.status, r.body.code]).toEqual([400, 'BODY_TOO_DEEP']);
    });

    it('lets a body 32 levels deep through to validation', async () => {
      const r = await refused('POST', '/v1/accounts', { token: service, body: `{"accountId":"acc-d","email":"d@example.vn","type":"enterprise","billing":"prepaid","x":${nested(31)}}`, headers: { 'content-type': 'application/json' } });
      expect([r.status, r.body.code, fields(r.body)]).toEqual([400, 'VALIDATION_FAILED', ['x']]);
    });
  });

  describe('item 2: text PostgreSQL cannot store', () => {
    for (const [name, bad] of [
      ['U+0000', 'a\u0000b'],
      ['an unpaired surrogate', 'a\ud800b'],
    ] as const) {
      it(`refuses ${name} in every text field with 400 naming the field, and writes nothing`, async () => {
        const pending = await registeredAccount(t);
        const pendingToken = await t.token('partner', pending.email, pending.accountId);
        expect((await t.request('POST', '/v1/partners', { token: pendingToken, body: partnerApplication() })).status).toBe(201);
        const customer = await registeredAccount(t);
        const contact = { name: 'N', email: 'n@example.vn', phone: '+84 28 3822 1234' };
        const cases: Array<[string, 'POST' | 'PATCH', string, string, unknown]> = [
          ['reason', 'POST', `/v1/partners/${pending.accountId}/rejection`, reviewer, { reason: bad }],
          ['legalName', 'POST', `/v1/accounts/${customer.accountId}/identity-verification`, service, { legalName: bad, method: 'business_license' }],
          ['contact.name', 'PATCH', `/v1/partners/${partner.partnerId}/profile`, partner.token, { contact: { ...contact, name: bad } }],
          ['contact.email', 'PATCH', `/v1/partners/${partner.partnerId}/profile`, partner.token, { contact: { ...contact, email: `${bad}@example.vn` } }],
          ['company.legalName', 'PATCH', `/v1/partners/${partner.partnerId}/profile`, partner.token, { company: { legalName: bad } }],
          ['email', 'POST', '/v1/accounts', service, { ...newAccount(), email: `${bad}@example.vn` }],
          ['customers.0.commonName', 'POST', `/v1/partners/${partner.partnerId}/customers`, partner.token, { customers: [{ email: customer.email, commonName: bad }] }],
        ];
        for (const [field, method, url, token, body] of cases) {
          const r = await refused(method, url, { token, body });
          expect([field, r.status, r.body.code, fields(r.body)]).toEqual([field, 400, 'VALIDATION_FAILED', [field]]);
        }
      });
    }

    it('still takes text with paired surrogates (emoji) and other scripts', async () => {
      const r = await t.request('POST', `/v1/accounts/${(await registeredAccount(t)).accountId}/identity-verification`, { token: service, body: { legalName: '深圳市云帆科技有限公司 😀', method: 'business_license' } });
      expect(r.status).toBe(200);
    });
  });

  describe('item 3: long ids and framework errors', () => {
    it('serves every route for an account id of 128 characters, and refuses 129 with the id validation', async () => {
      const accountId = `acc-${'x'.repeat(124)}`;
      const account = await registeredAccount(t, { accountId, email: `long-${Date.now()}@example.vn` });
      expect(account.accountId).toHaveLength(128);
      const standing = await t.request('PUT', `/v1/accounts/${accountId}/standing`, { token: service, body: { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false } });
      expect(standing.status).toBe(200);
      const missing = await t.request('GET', `/v1/partners/${accountId}`, { token: reviewer });
      expect([missing.status, missing.headers['content-type']]).toEqual([404, expect.stringContaining('application/problem+json')]);
      const tooLong = await refused('GET', `/v1/partners/${accountId}x`, { token: reviewer });
      expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const audit = await refused('GET', `/v1/audit/partners/${accountId}x`, { token: await t.token('auditor', 'a') });
      expect(audit.status).toBe(400);
    });

    it('answers a path segment beyond the router limit with 414 problem+json', async () => {
      const r = await refused('GET', `/v1/partners/${'x'.repeat(5000)}`, { token: reviewer });
      expect([r.status, r.body.code, r.body.title]).toEqual([414, 'URI_TOO_LONG', 'URI Too Long']);
    });

    it('answers an unknown route, bad JSON, a body too large and an unsupported media type with problem+json', async () => {
      const cases: Array<[number, string, Parameters<TestApp['request']>]> = [
        [404, 'NOT_FOUND', ['GET', '/v1/nowhere', { token: reviewer }]],
        [400, 'BAD_REQUEST', ['POST', '/v1/accounts', { token: service, body: '{"accountId":', headers: { 'content-type': 'application/json' } }]],
        [413, 'PAYLOAD_TOO_LARGE', ['POST', '/v1/accounts', { token: service, body: { pad: 'x'.repeat(1024 * 1024) } }]],
        [415, 'UNSUPPORTED_MEDIA_TYPE', ['POST', '/v1/accounts', { token: service, body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }]],
      ];
      for (const [status, code, args] of cases) {
        const r = await refused(...args);
        expect([r.status, r.body.code]).toEqual([status, code]);
      }
    });

    it('answers headers too large (431) and a malformed request (400) on a real socket with problem+json', async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as { port: number };
      const big = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'x'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(big).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
      const garbage = await rawExchange(port, 'NOT HTTP\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });
  });

  describe('item 4: big batches and many keys', () => {
    it('refuses 50,000 rows before validating any row, with a short answer', async () => {
      const rows = `{"customers":[${Array.from({ length: 50_000 }, () => '{}').join(',')}]}`;
      const started = Date.now();
      const r = await refused('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: rows, headers: { 'content-type': 'application/json' } });
      expect([r.status, r.body.code, fields(r.body)]).toEqual([400, 'VALIDATION_FAILED', ['customers']]);
      expect(JSON.stringify(r.body).length).toBeLessThan(2_000);
      // Today's 7 s were the rows being validated one by one; the pre-check reads only their count.
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('refuses 20,000 unknown keys with a short answer', async () => {
      const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]));
      for (const body of [{ ...newAccount(), ...keys }, { customers: [{ email: 'a@example.vn', commonName: 'A', ...keys }] }]) {
        const r = await refused('POST', 'customers' in body ? `/v1/partners/${partner.partnerId}/customers` : '/v1/accounts', { token: 'customers' in body ? partner.token : service, body });
        expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(JSON.stringify(r.body).length).toBeLessThan(2_000);
      }
    });

    it('lists the first 20 errors of a batch of 100 bad rows and counts the rest', async () => {
      const customers = Array.from({ length: 100 }, () => ({ email: 'not-an-email', commonName: '' }));
      const r = await refused('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers } });
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(r.body.errors).toHaveLength(20);
      expect(r.body.errors[0].field).toBe('customers.0.email');
      expect(r.body.errorsOmitted).toBe(180);
    });
  });

  describe('item 5: x-correlation-id', () => {
    it('refuses an over-long or unsafe correlation id with 400, and stores a good one', async () => {
      for (const id of ['x'.repeat(8 * 1024), 'x'.repeat(129), 'has space', 'semi;colon', 'ünïcode']) {
        const r = await refused('POST', '/v1/accounts', { token: service, body: newAccount(), headers: { 'x-correlation-id': id } });
        expect([r.status, r.body.code, fields(r.body)]).toEqual([400, 'VALIDATION_FAILED', ['x-correlation-id']]);
      }
      expect((await t.request('GET', '/v1/approvals', { token: reviewer, headers: { 'x-correlation-id': 'x'.repeat(129) } })).status).toBe(400);
      const id = `req-2026:11.23_${'a'.repeat(100)}`;
      const account = newAccount();
      const r = await t.request('POST', '/v1/accounts', { token: service, body: account, headers: { 'x-correlation-id': id } });
      expect([r.status, r.headers['x-correlation-id']]).toEqual([201, id]);
      const events = await store.readStream(`account-${account.accountId}`);
      expect(events[0].metadata.correlationId).toBe(id);
    });
  });

  describe('item 6: JWT claims and headers', () => {
    const now = () => Math.floor(Date.now() / 1000);
    it('refuses an exp far in the future, a future iat and an unknown crit header with 401 problem+json', async () => {
      const claims = { sub: 'staff', role: 'reviewer' };
      const tokens: Array<[string, string]> = [
        ['exp 1e300', craftToken({}, { ...claims, exp: 1e300 }, t.secret)],
        ['exp 25 h ahead', craftToken({}, { ...claims, exp: now() + 25 * 3600 }, t.secret)],
        ['iat 10 min ahead', craftToken({}, { ...claims, iat: now() + 600, exp: now() + 3600 }, t.secret)],
        ['crit', craftToken({ crit: ['x-tenant'], 'x-tenant': 'a' }, { ...claims, exp: now() + 3600 }, t.secret)],
      ];
      for (const [what, token] of tokens) {
        const r = await t.request('GET', '/v1/approvals', { token });
        expect([what, r.status, r.body.code, r.headers['content-type']]).toEqual([what, 401, 'UNAUTHENTICATED', expect.stringContaining('application/problem+json')]);
      }
      const fine = craftToken({}, { ...claims, iat: now() + 30, exp: now() + 23 * 3600 }, t.secret);
      expect((await t.request('GET', '/v1/approvals', { token: fine })).status).toBe(200);
    });
  });

  describe('item 7: RFC 3339 times in the audit API', () => {
    it('takes asOf without milliseconds or with an offset, normalised to UTC', async () => {
      const auditor = await t.token('auditor', 'audit');
      const url = `/v1/audit/partners/${partner.partnerId}`;
      const plain = await t.request('GET', `${url}?asOf=2020-01-01T00:00:00Z`, { token: auditor });
      expect([plain.status, plain.body.asOf, plain.body.eventsFolded]).toEqual([200, '2020-01-01T00:00:00.000Z', 0]);
      const utc = await t.request('GET', `${url}?asOf=${TEST_NOW.toISOString()}`, { token: auditor });
      const offset = await t.request('GET', `${url}?asOf=${encodeURIComponent('2026-11-23T10:00:00+07:00')}`, { token: auditor });
      expect(offset.status).toBe(200);
      expect(offset.body).toEqual({ ...utc.body, asOf: TEST_NOW.toISOString() });
      for (const bad of ['2026-11-23T03:00:00', '2026-11-23', '2026-02-30T00:00:00Z', '2026-11-23T03:00:00+25:00', 'yesterday']) {
        const r = await t.request('GET', `${url}?asOf=${encodeURIComponent(bad)}`, { token: auditor });
        expect([bad, r.status]).toEqual([bad, 400]);
      }
    });

    it('takes from and to in any RFC 3339 form', async () => {
      const auditor = await t.token('auditor', 'audit');
      // recordedAt is the database's time, not the test clock's: a window around now, in whole seconds.
      const second = Math.floor(Date.now() / 1000) * 1000;
      const from = new Date(second - 3_600_000);
      const to = new Date(second + 3_600_000);
      const utc = await t.request('GET', `/v1/audit/events?limit=1000&from=${from.toISOString()}&to=${to.toISOString()}`, { token: auditor });
      const offset = await t.request('GET', `/v1/audit/events?limit=1000&from=${encodeURIComponent(withOffset(from, 7 * 60))}&to=${encodeURIComponent(withOffset(to, -5 * 60))}`, { token: auditor });
      expect(offset.status).toBe(200);
      expect(utc.body.items.length).toBeGreaterThan(0);
      expect(offset.body.items).toEqual(utc.body.items);
      expect((await t.request('GET', `/v1/audit/events?from=${from.toISOString().slice(0, 19)}`, { token: auditor })).status).toBe(400);
    });
  });
});
