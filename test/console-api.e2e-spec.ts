import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvedCustomer, approvedPartner, invitationTokenFor, registeredAccount, startTestApp, TestApp } from './support/test-app';

/** The routes the console reads (issue 14) and how the api serves the console itself. */
describe('What the console needs from the api', () => {
  let t: TestApp;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'pp-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await startTestApp({ config: { consoleDir } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  describe('GET /v1/program', () => {
    it('answers without a token with the facts the application form follows', async () => {
      const r = await t.request('GET', '/v1/program');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: 'vngcloud', displayName: 'VNG Cloud', currency: 'VND', languages: expect.arrayContaining(['vi', 'en']), reviewSlaBusinessDays: 3, devSignIn: true });
      expect(r.body.termsVersion).toMatch(/^\d{4}-\d{2}/);
    });
  });

  describe('development sign-in', () => {
    it('gives a token the api accepts, for the role and account asked', async () => {
      const account = await registeredAccount(t);
      const r = await t.request('POST', '/v1/dev/sign-in', { body: { role: 'partner', account: account.accountId } });
      expect(r.status).toBe(200);
      expect(r.body.tokenType).toBe('Bearer');
      expect(Date.parse(r.body.expiresAt)).toBeGreaterThan(Date.now());
      const profile = await t.request('GET', `/v1/partners/${account.accountId}`, { token: r.body.accessToken });
      // Authenticated as that partner: its own partner record does not exist yet (404), not 401 or 403.
      expect([profile.status, profile.body.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
      const other = await t.request('GET', '/v1/partners/vn-ent-someone-else', { token: r.body.accessToken });
      expect(other.status).toBe(403);
    });

    it('refuses a partner or customer without an account, and an unknown role, with 400', async () => {
      for (const body of [{ role: 'partner' }, { role: 'customer' }, { role: 'admin' }]) {
        const r = await t.request('POST', '/v1/dev/sign-in', { body });
        expect([JSON.stringify(body), r.status, r.headers['content-type']]).toEqual([JSON.stringify(body), 400, expect.stringContaining('application/problem+json')]);
      }
    });

    it('lists registered accounts, newest first', async () => {
      const first = await registeredAccount(t);
      const second = await registeredAccount(t);
      const r = await t.request('GET', '/v1/dev/accounts');
      expect(r.status).toBe(200);
      const ids = r.body.items.map((a: { accountId: string }) => a.accountId);
      expect(ids.indexOf(second.accountId)).toBeLessThan(ids.indexOf(first.accountId));
      expect(ids.indexOf(second.accountId)).toBeGreaterThanOrEqual(0);
    });

    it('does not exist when the development sign-in is off (production)', async () => {
      const prod = await startTestApp({ config: { devSignIn: false, consoleDir } });
      try {
        for (const [method, url] of [['POST', '/v1/dev/sign-in'], ['GET', '/v1/dev/accounts']] as const) {
          const r = await prod.request(method, url, { body: method === 'POST' ? { role: 'reviewer' } : undefined });
          expect([url, r.status, r.body.code]).toEqual([url, 404, 'NOT_FOUND']);
        }
        expect((await prod.request('GET', '/v1/program')).body.devSignIn).toBe(false);
      } finally {
        await prod.close();
      }
    });
  });

  describe('GET /v1/customers/{accountId}/invitation', () => {
    it('shows the invited customer who invites it and until when, never the token', async () => {
      const partner = await approvedPartner(t);
      const customer = await registeredAccount(t);
      await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: 'Minh Phát' }] } });
      const token = await invitationTokenFor(t, customer.email);
      const own = await t.token('customer', customer.email, customer.accountId);
      const r = await t.request('GET', `/v1/customers/${customer.accountId}/invitation`, { token: own });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ accountId: customer.accountId, partnerId: partner.partnerId, commonName: 'Minh Phát', state: 'invited', confirmedAt: null });
      expect(r.body.partnerName).toEqual(expect.any(String));
      expect(Date.parse(r.body.expiresAt)).toBeGreaterThan(Date.parse(r.body.invitedAt));
      expect(JSON.stringify(r.body)).not.toContain(token);

      await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token } });
      const after = await t.request('GET', `/v1/customers/${customer.accountId}/invitation`, { token: own });
      expect([after.body.state, after.body.expiresAt, typeof after.body.confirmedAt]).toEqual(['pending_approval', null, 'string']);
    });

    it('is refused to another customer (403) and to the inviting partner (403); an account never invited is 404', async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const stranger = await t.request('GET', `/v1/customers/${customer.accountId}/invitation`, { token: await t.token('customer', 'x@example.vn', 'vn-ent-stranger') });
      expect(stranger.status).toBe(403);
      const byPartner = await t.request('GET', `/v1/customers/${customer.accountId}/invitation`, { token: partner.token });
      expect(byPartner.status).toBe(403);
      for (const role of ['reviewer', 'auditor'] as const) {
        const staff = await t.request('GET', `/v1/customers/${customer.accountId}/invitation`, { token: await t.token(role, `${role}-1`) });
        expect([role, staff.status, staff.body.state]).toEqual([role, 200, 'approved']);
      }
      const lonely = await registeredAccount(t);
      const none = await t.request('GET', `/v1/customers/${lonely.accountId}/invitation`, { token: await t.token('customer', lonely.email, lonely.accountId) });
      expect([none.status, none.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    });
  });

  describe('GET /v1/partners/{partnerId}/customers/{accountId}', () => {
    it("answers one of the partner's customers as the list shows it; another's is 404 to it and 403 to others", async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const r = await t.request('GET', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}?minPosition=${customer.position}`, { token: partner.token });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ accountId: customer.accountId, email: customer.email, status: 'approved', creditBalance: expect.any(String) });
      expect(r.body.position).toEqual(expect.any(String));
      const second = await approvedPartner(t);
      const notMine = await t.request('GET', `/v1/partners/${second.partnerId}/customers/${customer.accountId}`, { token: second.token });
      expect([notMine.status, notMine.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
      const forbidden = await t.request('GET', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}`, { token: second.token });
      expect(forbidden.status).toBe(403);
    });
  });

  describe('GET /v1/audit/integrity', () => {
    it("verifies one stream's chain and the whole log, for auditors only", async () => {
      const partner = await approvedPartner(t);
      const auditor = await t.token('auditor', 'kiem-toan');
      const one = await t.request('GET', `/v1/audit/integrity?streamId=partner-${partner.partnerId}`, { token: auditor });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ streamId: `partner-${partner.partnerId}`, streams: 1, verified: true, firstBroken: null });
      expect(one.body.events).toBeGreaterThanOrEqual(2);
      const all = await t.request('GET', '/v1/audit/integrity', { token: auditor });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ streamId: null, verified: true });
      expect(all.body.events).toBeGreaterThan(one.body.events);
      expect((await t.request('GET', '/v1/audit/integrity', { token: partner.token })).status).toBe(403);
      const bad = await t.request('GET', '/v1/audit/integrity?streamId=%20', { token: auditor });
      expect(bad.status).toBe(400);
    });
  });

  describe('serving the console', () => {
    it('answers every other GET with the index, with the security headers; assets as files, cached', async () => {
      const deep = await t.request('GET', '/customers/vn-ent-a/confirm');
      expect(deep.status).toBe(200);
      expect(deep.headers['content-type']).toContain('text/html');
      expect(deep.body).toContain('<div id="root">');
      expect(deep.headers['content-security-policy']).toContain("script-src 'self'");
      expect(deep.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect([deep.headers['x-content-type-options'], deep.headers['referrer-policy'], deep.headers['cache-control']]).toEqual(['nosniff', 'no-referrer', 'no-cache']);
      const root = await t.request('GET', '/');
      expect([root.status, root.body]).toEqual([200, deep.body]);
      const asset = await t.request('GET', '/assets/index-abc123.js');
      expect([asset.status, asset.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    });

    it('keeps the api paths and missing assets as 404 problems, an over-long segment as 414', async () => {
      for (const url of ['/v1/nosuch', '/assets/index-old.js']) {
        const r = await t.request('GET', url);
        expect([url, r.status, r.headers['content-type'], r.body.code]).toEqual([url, 404, expect.stringContaining('application/problem+json'), 'NOT_FOUND']);
      }
      const long = await t.request('GET', `/customers/${'x'.repeat(2000)}/confirm`);
      expect([long.status, long.body.code]).toEqual([414, 'URI_TOO_LONG']);
      expect((await t.request('GET', '/health')).status).toBe(200);
    });

    it('refuses bad input on a file of the console as on any route: 400 problem+json, never a 500', async () => {
      for (const url of ['/assets/index-abc123.js?x=a%00b', '/index.html?x=a%00b', '/customers/vn-ent-a/confirm?x=a%00b']) {
        const r = await t.request('GET', url);
        expect([url, r.status, r.headers['content-type'], r.body.code]).toEqual([url, 400, expect.stringContaining('application/problem+json'), 'VALIDATION_FAILED']);
      }
    });

    it('answers 503 CONSOLE_NOT_BUILT when the console was not built, and the api still works', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'pp-console-empty-'));
      const bare = await startTestApp({ config: { consoleDir: empty } });
      try {
        const r = await bare.request('GET', '/partner');
        expect([r.status, r.body.code]).toEqual([503, 'CONSOLE_NOT_BUILT']);
        expect(r.body.detail).toContain('npm run build');
        expect((await bare.request('GET', '/v1/program')).status).toBe(200);
      } finally {
        await bare.close();
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
