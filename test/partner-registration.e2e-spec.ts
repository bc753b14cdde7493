import { EVENT_STORE, EventStore } from '@pp/event-store';
import { describeWithPostgres, postgresTestUrl } from '@pp/database/testing/postgres-test';
import { newAccount, partnerApplication, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Partner registration over HTTP (PostgreSQL store)": DATABASE_URL is not set, no PostgreSQL to test against\n');
const stores: Array<['embedded' | 'postgres', boolean]> = [
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
];

describe.each(stores)('Partner registration over HTTP (%s store)', (storeKind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  let t: TestApp;
  let service: string;
  let reviewer: string;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ store: storeKind, databaseUrl });
    service = await t.token('service', 'identity-svc');
    reviewer = await t.token('reviewer', 'staff-linh');
    store = t.app.get(EVENT_STORE);
  });
  afterAll(async () => t.close());

  const registerAccount = async (account = newAccount()) => {
    const r = await t.request('POST', '/v1/accounts', { token: service, body: account });
    expect(r.status).toBe(201);
    return account;
  };

  describe('HTTP edge', () => {
    it('answers 401 problem+json without a token, with a bad one and with an expired one', async () => {
      const none = await t.request('POST', '/v1/accounts', { body: newAccount() });
      expect(none.status).toBe(401);
      expect(none.headers['content-type']).toContain('application/problem+json');
      expect(none.body.code).toBe('UNAUTHENTICATED');
      expect((await t.request('GET', '/v1/approvals', { token: 'not.a.jwt' })).status).toBe(401);
      const { mintToken } = await import('@pp/auth');
      expect((await t.request('GET', '/v1/approvals', { token: await mintToken({ role: 'reviewer', sub: 'x' }, t.secret, -10) })).status).toBe(401);
      expect((await t.request('GET', '/v1/approvals', { token: await mintToken({ role: 'reviewer', sub: 'x' }, 'another-secret-of-at-least-32-chars!!') })).status).toBe(401);
    });

    it('answers 403 to the wrong role', async () => {
      const r = await t.request('POST', '/v1/accounts', { token: await t.token('partner', 'p', 'acc-p'), body: newAccount() });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
      expect((await t.request('GET', '/v1/approvals', { token: await t.token('auditor', 'kpmg') })).status).toBe(403);
    });

    it('refuses invalid and unknown fields with 400 and per-field errors', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const app = partnerApplication({ company: { ...partnerApplication().company, staff: -1 }, extra: true });
      const r = await t.request('POST', '/v1/partners', { token: partner, body: app });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['company.staff', 'extra']);
    });

    it('answers malformed JSON, a body over the limit and a non-JSON body with problems, not 500', async () => {
      const bad = await t.request('POST', '/v1/accounts', { token: service, body: '{"accountId":', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('BAD_REQUEST');
      const big = await t.request('POST', '/v1/accounts', { token: service, body: { ...newAccount(), pad: 'x'.repeat(70 * 1024) } });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
      const text = await t.request('POST', '/v1/accounts', { token: service, body: 'hello', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
      expect(text.headers['content-type']).toContain('application/problem+json');
    });

    it('refuses what only looks like an object, a crafted cursor and an impossible position with 400', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const arrays = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication({ contact: [], bank: [] }) });
      expect(arrays.status).toBe(400);
      expect(arrays.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['contact', 'bank']));
      const crafted = [
        ['1', 'partner', 'x'],
        ['2020-02-30', 'partner', 'x'],
        ['+275760-09-13T00:00:00.000Z', 'partner', 'x'],
        ['2026-11-23T03:00:00.000Z', 'partner', 'a\u0000b'],
        ['2026-11-23T03:00:00.000Z', 'nobody', 'x'],
      ].map((c) => Buffer.from(JSON.stringify(c)).toString('base64url'));
      for (const cursor of crafted) {
        const r = await t.request('GET', `/v1/approvals?cursor=${cursor}`, { token: reviewer });
        expect([r.status, r.body.code]).toEqual([400, 'INVALID_CURSOR']);
      }
      for (const q of ['minPosition=99999999999999999999', 'minPosition=-1', 'minPosition=1.5', 'limit=abc', 'limit=0', 'kind=everything', 'overdue=maybe']) {
        const r = await t.request('GET', `/v1/approvals?${q}`, { token: reviewer });
        expect([q, r.status]).toEqual([q, 400]);
      }
    });

    it('answers a malformed URL and a form-encoded body with problems', async () => {
      const url = await t.request('GET', '/v1/partners/%E0%A4%A', { token: reviewer });
      expect(url.status).toBe(400);
      expect(url.headers['content-type']).toContain('application/problem+json');
      const form = await t.request('POST', '/v1/accounts', { token: service, body: 'accountId=form-1&email=f%40x.vn&type=enterprise&billing=prepaid', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
    });

    it('answers an unknown route with a 404 problem', async () => {
      const r = await t.request('GET', '/v1/nothing-here', { token: reviewer });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
    });

    it('serves the OpenAPI document and health without a token', async () => {
      const docs = await t.request('GET', '/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/accounts', '/v1/partners', '/v1/approvals', '/v1/partners/{partnerId}']));
      const ui = await t.request('GET', '/docs');
      expect(ui.status).toBe(200);
      expect(String(ui.body)).toContain('swagger');
      const health = await t.request('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('ok');
      expect(Object.keys(health.body.details).sort()).toEqual(['eventStore', 'readModels']);
    });

    it('exposes Prometheus metrics: command latency, conflicts, projection position and lag, mail queue', async () => {
      const r = await t.request('POST', '/v1/accounts', { token: service, body: newAccount() });
      // An application: a page the approval queue has something in.
      const applied = await t.request('POST', '/v1/partners', { token: await t.token('partner', 'metrics-person', r.body.id), body: partnerApplication() });
      expect(applied.status).toBe(201);
      await t.request('GET', `/v1/approvals?minPosition=${applied.body.position}`, { token: reviewer });
      const metrics = await t.request('GET', '/metrics');
      expect(metrics.status).toBe(200);
      const text = String(metrics.body);
      expect(text).toMatch(/pp_command_duration_seconds_count\{method="POST",route="\/v1\/accounts",status="2xx"\} [1-9]/);
      expect(text).toMatch(/pp_projection_lag_positions\{projection="partners"\} \d+/);
      expect(text).toMatch(/pp_projection_position\{projection="approval-queue"\} [1-9]/);
      // The projector's own work per page, apart from waiting for the log (issue 16).
      expect(text).toMatch(/^pp_projection_page_duration_seconds_count [1-9]/m);
      expect(text).toMatch(/^pp_projection_page_events_sum [1-9]/m);
      expect(text).toContain('pp_append_conflicts_total');
      expect(text).toContain('pp_mail_outbox');
      // The runtime's own under prom-client's standard names (issue 20), never prefixed.
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).not.toContain('pp_process_');
      expect(text).toMatch(/pp_projection_lag_seconds\{projection="partners"\} [\d.]+/);
    });
  });

  describe('accounts', () => {
    it('registers an account and answers id, revision and position as decimal strings', async () => {
      const account = newAccount();
      const r = await t.request('POST', '/v1/accounts', { token: service, body: account });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: account.accountId, revision: '0', position: expect.stringMatching(/^\d+$/) });
    });

    it('refuses an e-mail already registered, compared case-insensitively', async () => {
      const account = await registerAccount();
      const r = await t.request('POST', '/v1/accounts', { token: service, body: { ...newAccount(), email: account.email.toUpperCase() } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('EMAIL_ALREADY_REGISTERED');
    });

    it('refuses an account id registered with other details', async () => {
      const account = await registerAccount();
      const r = await t.request('POST', '/v1/accounts', { token: service, body: { ...account, email: `other-${account.email}` } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('ACCOUNT_ALREADY_REGISTERED');
    });

    it('answers 404 for standing or verification of an unknown account, and 400 for a malformed amount', async () => {
      const standing = { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false };
      const r = await t.request('PUT', '/v1/accounts/nobody-here/standing', { token: service, body: standing });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('ACCOUNT_NOT_FOUND');
      const v = await t.request('POST', '/v1/accounts/nobody-here/identity-verification', { token: service, body: { legalName: 'X', method: 'business_license' } });
      expect(v.status).toBe(404);
      const account = await registerAccount();
      const f = await t.request('PUT', `/v1/accounts/${account.accountId}/standing`, { token: service, body: { ...standing, creditBalance: '1e6' } });
      expect(f.status).toBe(400);
      expect(f.body.errors[0].field).toBe('creditBalance');
    });

    it('records a verification and a standing of a registered account', async () => {
      const account = await registerAccount();
      const v = await t.request('POST', `/v1/accounts/${account.accountId}/identity-verification`, { token: service, body: { legalName: 'Công ty Sao Việt', method: 'business_license' } });
      expect(v.status).toBe(200);
      expect(v.body.revision).toBe('1');
      const s = await t.request('PUT', `/v1/accounts/${account.accountId}/standing`, {
        token: service,
        body: { creditBalance: '2000000', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: true },
      });
      expect(s.status).toBe(200);
      const events = await store.readStream(`account-${account.accountId}`);
      expect(events.map((e) => e.type)).toEqual(['AccountRegistered', 'AccountIdentityVerified', 'AccountStandingRecorded']);
      expect(events[2].data).toMatchObject({ creditBalance: '2000000', currency: 'VND', isProviderCustomer: true });
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a repeated key and body with the first answer and appends nothing new', async () => {
      const account = newAccount();
      const headers = { 'idempotency-key': `k-${account.accountId}` };
      const first = await t.request('POST', '/v1/accounts', { token: service, body: account, headers });
      const again = await t.request('POST', '/v1/accounts', { token: service, body: account, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await store.readStream(`account-${account.accountId}`)).toHaveLength(1);
    });

    it('refuses the same key with another body (422)', async () => {
      const account = newAccount();
      const headers = { 'idempotency-key': `k-${account.accountId}` };
      await t.request('POST', '/v1/accounts', { token: service, body: account, headers });
      const other = await t.request('POST', '/v1/accounts', { token: service, body: newAccount(), headers });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('replays a refusal too', async () => {
      const account = await registerAccount();
      const headers = { 'idempotency-key': `dup-${account.accountId}` };
      const body = { ...newAccount(), email: account.email };
      const first = await t.request('POST', '/v1/accounts', { token: service, body, headers });
      const again = await t.request('POST', '/v1/accounts', { token: service, body, headers });
      expect(first.status).toBe(409);
      expect(again.status).toBe(409);
      expect(again.body).toEqual(first.body);
    });

    it('keeps the keys of one person acting for two accounts apart', async () => {
      const a = await registerAccount();
      const b = await registerAccount();
      const headers = { 'idempotency-key': `shared-${a.accountId}` };
      const first = await t.request('POST', '/v1/partners', { token: await t.token('partner', 'person-1', a.accountId), body: partnerApplication(), headers });
      const second = await t.request('POST', '/v1/partners', { token: await t.token('partner', 'person-1', b.accountId), body: partnerApplication(), headers });
      expect([first.status, first.body.id]).toEqual([201, a.accountId]);
      expect([second.status, second.body.id]).toEqual([201, b.accountId]);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
    });

    it('runs a command once when the same key arrives 50 times at once', async () => {
      const account = newAccount();
      const headers = { 'idempotency-key': `burst-${account.accountId}` };
      const answers = await Promise.all(Array.from({ length: 50 }, () => t.request('POST', '/v1/accounts', { token: service, body: account, headers })));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(await store.readStream(`account-${account.accountId}`)).toHaveLength(1);
    });
  });

  describe('partners', () => {
    it('registers a partner pending approval, due at the end of the third business day, with full event metadata', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const r = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication(), headers: { 'x-correlation-id': 'corr-123' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ id: account.accountId, state: 'pending_approval', revision: '0' });
      const view = await t.request('GET', `/v1/partners/${account.accountId}?minPosition=${r.body.position}`, { token: partner });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ status: 'pending_approval', program: 'vngcloud', appliedAt: TEST_NOW.toISOString(), approvalDueAt: '2026-11-26T16:59:59.999Z', approvedAt: null });
      expect(BigInt(view.body.position) >= BigInt(r.body.position)).toBe(true);
      expect(view.body.bank.accountNumber).toBe('31410001234567');
      const [event] = await store.readStream(`partner-${account.accountId}`);
      expect(event.type).toBe('PartnerRegistrationSubmitted');
      expect(event.metadata).toEqual({
        eventId: event.eventId,
        schemaVersion: 2,
        correlationId: 'corr-123',
        causationId: expect.any(String),
        actor: { role: 'partner', id: account.email },
        command: 'RegisterPartner',
        occurredAt: TEST_NOW.toISOString(),
        previousHash: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('refuses an account that is not registered, and one that is not an enterprise', async () => {
      const ghost = await t.token('partner', 'ghost@example.vn', 'ghost-account');
      const r = await t.request('POST', '/v1/partners', { token: ghost, body: partnerApplication() });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('ACCOUNT_NOT_FOUND');
      const person = await registerAccount(newAccount('individual'));
      const i = await t.request('POST', '/v1/partners', { token: await t.token('partner', person.email, person.accountId), body: partnerApplication() });
      expect(i.status).toBe(422);
      expect(i.body.code).toBe('ACCOUNT_NOT_ENTERPRISE');
    });

    it('refuses unaccepted terms (422) and a second application (409)', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const terms = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication({ acceptTerms: false }) });
      expect(terms.status).toBe(422);
      expect(terms.body).toMatchObject({ code: 'TERMS_NOT_ACCEPTED', termsVersion: '2023-07' });
      expect(await store.readStream(`partner-${account.accountId}`)).toEqual([]);
      expect((await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() })).status).toBe(201);
      const again = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('PARTNER_ALREADY_REGISTERED');
    });

    it('lets only the partner itself, reviewers and auditors read a partner; reviewers see the bank account masked', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const r = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() });
      const url = `/v1/partners/${account.accountId}?minPosition=${r.body.position}`;
      expect((await t.request('GET', url, { token: await t.token('partner', 'other', 'other-account') })).status).toBe(403);
      expect((await t.request('GET', url, { token: await t.token('customer', 'c', account.accountId) })).status).toBe(403);
      const seen = await t.request('GET', url, { token: reviewer });
      expect(seen.status).toBe(200);
      expect(seen.body.bank.accountNumber).toBe('**********4567');
      expect((await t.request('GET', url, { token: await t.token('auditor', 'kpmg') })).body.bank.accountNumber).toBe('31410001234567');
      expect((await t.request('GET', `/v1/partners/nobody?minPosition=${r.body.position}`, { token: reviewer })).body.code).toBe('PARTNER_NOT_FOUND');
    });

    it('queues the application for reviewers, marks it overdue after the due time, and removes it on approval', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      const r = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() });
      const queue = await t.request('GET', `/v1/approvals?kind=partner&minPosition=${r.body.position}&limit=200`, { token: reviewer });
      expect(queue.status).toBe(200);
      const item = queue.body.items.find((i: { subject: string }) => i.subject === account.accountId);
      expect(item).toEqual({ kind: 'partner', subject: account.accountId, partnerId: account.accountId, submittedAt: TEST_NOW.toISOString(), dueAt: '2026-11-26T16:59:59.999Z', overdue: false, status: 'pending_approval' });

      t.clock.set('2026-11-26T17:00:00.000Z');
      try {
        const overdue = await t.request('GET', '/v1/approvals?overdue=true&limit=200', { token: reviewer });
        expect(overdue.body.items.find((i: { subject: string }) => i.subject === account.accountId)).toMatchObject({ overdue: true });
        const notOverdue = await t.request('GET', '/v1/approvals?overdue=false&limit=200', { token: reviewer });
        expect(notOverdue.body.items.find((i: { subject: string }) => i.subject === account.accountId)).toBeUndefined();
      } finally {
        t.clock.set(TEST_NOW);
      }

      const approved = await t.request('POST', `/v1/partners/${account.accountId}/approval`, { token: reviewer, body: {} });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ id: account.accountId, state: 'approved', revision: '1' });
      const after = await t.request('GET', `/v1/approvals?minPosition=${approved.body.position}&limit=200`, { token: reviewer });
      expect(after.body.items.find((i: { subject: string }) => i.subject === account.accountId)).toBeUndefined();
      const again = await t.request('POST', `/v1/partners/${account.accountId}/approval`, { token: reviewer, body: {} });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('PARTNER_NOT_PENDING');
      const view = await t.request('GET', `/v1/partners/${account.accountId}?minPosition=${approved.body.position}`, { token: partner });
      expect(view.body).toMatchObject({ status: 'approved', approvedAt: TEST_NOW.toISOString() });
    });

    it('pages the queue oldest due first with a cursor', async () => {
      const subjects: string[] = [];
      let position = '0';
      for (let i = 0; i < 3; i++) {
        t.clock.set(new Date(TEST_NOW.getTime() + i * 86_400_000));
        const account = await registerAccount();
        const r = await t.request('POST', '/v1/partners', { token: await t.token('partner', account.email, account.accountId), body: partnerApplication() });
        subjects.push(account.accountId);
        position = r.body.position;
      }
      t.clock.set(TEST_NOW);
      const seen: Array<{ subject: string; dueAt: string }> = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: any } = await t.request('GET', `/v1/approvals?limit=2&minPosition=${position}${cursor ? `&cursor=${cursor}` : ''}`, { token: reviewer });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      const dues = seen.map((i) => i.dueAt);
      expect([...dues].sort()).toEqual(dues);
      expect(seen.map((i) => i.subject)).toEqual(expect.arrayContaining(subjects));
      expect(new Set(seen.map((i) => i.subject)).size).toBe(seen.length);
      expect((await t.request('GET', '/v1/approvals?cursor=garbage', { token: reviewer })).body.code).toBe('INVALID_CURSOR');
    });

    it('rejects with a reason, and lets the applicant apply again', async () => {
      const account = await registerAccount();
      const partner = await t.token('partner', account.email, account.accountId);
      await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() });
      const noReason = await t.request('POST', `/v1/partners/${account.accountId}/rejection`, { token: reviewer, body: {} });
      expect(noReason.status).toBe(400);
      const rejected = await t.request('POST', `/v1/partners/${account.accountId}/rejection`, { token: reviewer, body: { reason: 'business licence unreadable' } });
      expect(rejected.status).toBe(200);
      expect(rejected.body.state).toBe('rejected');
      const view = await t.request('GET', `/v1/partners/${account.accountId}?minPosition=${rejected.body.position}`, { token: partner });
      expect(view.body).toMatchObject({ status: 'rejected', rejectionReason: 'business licence unreadable' });
      const again = await t.request('POST', '/v1/partners', { token: partner, body: partnerApplication() });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ state: 'pending_approval', revision: '2' });
      const reread = await t.request('GET', `/v1/partners/${account.accountId}?minPosition=${again.body.position}`, { token: partner });
      expect(reread.body).toMatchObject({ status: 'pending_approval', applications: 2, rejectionReason: null });
    });

    it('answers 503 READ_MODEL_BEHIND when a read model cannot reach minPosition in time', async () => {
      const slow = await startTestApp({ store: storeKind, databaseUrl, config: { readWaitMs: 200 } });
      try {
        const r = await slow.request('GET', '/v1/approvals?minPosition=999999999999999', { token: await slow.token('reviewer', 'r') });
        expect(r.status).toBe(503);
        expect(r.body.code).toBe('READ_MODEL_BEHIND');
      } finally {
        await slow.close();
      }
    });
  });
});

describeWithPostgres('Concurrent registrations over HTTP (PostgreSQL store)', (url) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ store: 'postgres', databaseUrl: url });
  });
  afterAll(async () => t.close());

  it('keeps the e-mail reserved when the same registration arrives twice at once', async () => {
    const service = await t.token('service', 'identity-svc');
    for (let round = 0; round < 5; round++) {
      const account = newAccount();
      const answers = await Promise.all([1, 2, 3].map(() => t.request('POST', '/v1/accounts', { token: service, body: account })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      const thief = await t.request('POST', '/v1/accounts', { token: service, body: { ...newAccount(), email: account.email.toUpperCase() } });
      expect([thief.status, thief.body.code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
    }
  });

  it('registers exactly one of many concurrent accounts with the same e-mail, every time', async () => {
    const service = await t.token('service', 'identity-svc');
    for (let round = 0; round < 5; round++) {
      const email = `Race-${round}-${Date.now()}@Example.vn`;
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => t.request('POST', '/v1/accounts', { token: service, body: { ...newAccount(), email: i % 2 ? email.toLowerCase() : email } })),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(11);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'EMAIL_ALREADY_REGISTERED')).toBe(true);
    }
  });
});
