import { InvitationExpiryReactor } from '@pp/customers';
import { postgresTestUrl } from '@pp/database/testing/postgres-test';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { approvedPartner, invitationTokenFor, partnerApplication, registeredAccount, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Customers of a partner over HTTP (postgres store)": DATABASE_URL is not set, no PostgreSQL to test against\n');

describe.each([
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
] as const)('Customers of a partner over HTTP (%s store)', (storeKind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  let t: TestApp;
  let reviewer: string;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ store: storeKind, databaseUrl });
    reviewer = await t.token('reviewer', 'staff-linh');
    store = t.app.get(EVENT_STORE);
  });
  afterAll(async () => t.close());

  const add = (partner: { partnerId: string; token: string }, customers: Array<{ email: string; commonName: string; role?: string }>) =>
    t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers } });

  it('answers every row in input order with its refusal code, and one bad row stops none', async () => {
    const partner = await approvedPartner(t);
    const ok1 = await registeredAccount(t);
    const ok2 = await registeredAccount(t, {}, { creditBalance: '0' });
    const postpaid = await registeredAccount(t, { billing: 'postpaid' });
    const credit = await registeredAccount(t, {}, { creditBalance: '2000000' });
    const services = await registeredAccount(t, {}, { usesServices: true });
    const discount = await registeredAccount(t, {}, { hasDiscount: true });
    const poc = await registeredAccount(t, {}, { onPoc: true });
    const otherPartner = await approvedPartner(t);
    const r = await add(partner, [
      { email: ok1.email, commonName: 'One' },
      { email: postpaid.email, commonName: 'Postpaid' },
      { email: credit.email, commonName: 'Credit' },
      { email: services.email, commonName: 'Services' },
      { email: discount.email, commonName: 'Discount' },
      { email: poc.email, commonName: 'POC' },
      { email: 'nobody@nowhere.example', commonName: 'Nobody' },
      { email: ok1.email.toUpperCase(), commonName: 'One again' },
      { email: otherPartner.account.email, commonName: 'A partner' },
      { email: ok2.email, commonName: 'Two', role: 'reseller' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.rows.map((row: { result: string; code?: string }) => row.code ?? row.result)).toEqual([
      'invited',
      'ACCOUNT_NOT_PREPAID',
      'ACCOUNT_HAS_CREDIT',
      'ACCOUNT_USING_SERVICES',
      'ACCOUNT_HAS_DISCOUNT',
      'ACCOUNT_ON_POC',
      'ACCOUNT_NOT_FOUND',
      'DUPLICATE_IN_BATCH',
      'ACCOUNT_IS_PARTNER',
      'invited',
    ]);
    expect(r.body.rows[0]).toEqual({ email: ok1.email, result: 'invited', accountId: ok1.accountId });
    expect(r.body.rows[7]).toEqual({ email: ok1.email.toUpperCase(), result: 'rejected', code: 'DUPLICATE_IN_BATCH' });
    expect(r.body.rows[2]).toEqual({ email: credit.email, result: 'rejected', code: 'ACCOUNT_HAS_CREDIT' });
    const blank = await add(partner, [{ email: ok2.email, commonName: '   ' }]);
    expect(blank.status).toBe(400);
    const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${r.body.position}`, { token: partner.token });
    const listed = list.body.items.map((i: { accountId: string; status: string; role: string }) => [i.accountId, i.status, i.role]);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        [ok1.accountId, 'invited', 'partner'],
        [ok2.accountId, 'invited', 'reseller'],
      ]),
    );
  });

  it('refuses an account already invited or linked by a partner, and frees it when the relationship is over', async () => {
    const a = await approvedPartner(t);
    const b = await approvedPartner(t);
    const customer = await registeredAccount(t);
    expect((await add(a, [{ email: customer.email, commonName: 'C' }])).body.rows[0].result).toBe('invited');
    expect((await add(b, [{ email: customer.email, commonName: 'C' }])).body.rows[0].code).toBe('CUSTOMER_ALREADY_LINKED');
    expect((await add(a, [{ email: customer.email, commonName: 'C' }])).body.rows[0].code).toBe('CUSTOMER_ALREADY_LINKED');
    const token = await invitationTokenFor(t, customer.email);
    const declined = await t.request('POST', `/v1/customers/${customer.accountId}/decline`, { token: await t.token('customer', customer.email, customer.accountId), body: { token } });
    expect(declined.body.state).toBe('declined');
    expect((await add(b, [{ email: customer.email, commonName: 'C' }])).body.rows[0].result).toBe('invited');
  });

  it('refuses a partner that is not approved with PARTNER_NOT_ACTIVE, and another partner\'s batch with 403', async () => {
    const account = await registeredAccount(t);
    const token = await t.token('partner', account.email, account.accountId);
    await t.request('POST', '/v1/partners', { token, body: partnerApplication() });
    const pending = await t.request('POST', `/v1/partners/${account.accountId}/customers`, { token, body: { customers: [{ email: 'x@y.vn', commonName: 'X' }] } });
    expect(pending.status).toBe(422);
    expect(pending.body.code).toBe('PARTNER_NOT_ACTIVE');
    const other = await approvedPartner(t);
    const foreign = await t.request('POST', `/v1/partners/${other.partnerId}/customers`, { token, body: { customers: [{ email: 'x@y.vn', commonName: 'X' }] } });
    expect(foreign.status).toBe(403);
    const empty = await t.request('POST', `/v1/partners/${other.partnerId}/customers`, { token: other.token, body: { customers: [] } });
    expect(empty.status).toBe(400);
  });

  it('takes a confirmation only from the account itself, with the right token, once', async () => {
    const partner = await approvedPartner(t);
    const customer = await registeredAccount(t);
    const stranger = await registeredAccount(t);
    await add(partner, [{ email: customer.email, commonName: 'C' }]);
    const token = await invitationTokenFor(t, customer.email);
    const own = await t.token('customer', customer.email, customer.accountId);
    expect((await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: await t.token('customer', stranger.email, stranger.accountId), body: { token } })).status).toBe(403);
    expect((await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: partner.token, body: { token } })).status).toBe(403);
    const wrong = await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token: 'not-the-token' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('INVITATION_TOKEN_INVALID');
    const ok = await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('pending_approval');
    const again = await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token } });
    expect(again.body.code).toBe('INVITATION_TOKEN_INVALID');
  });

  it('queues a confirmed customer who is not yet the provider\'s customer, and approves one who is at once', async () => {
    const partner = await approvedPartner(t);
    const fresh = await registeredAccount(t);
    const known = await registeredAccount(t, {}, { isProviderCustomer: true });
    await add(partner, [
      { email: fresh.email, commonName: 'Fresh' },
      { email: known.email, commonName: 'Known' },
    ]);
    const freshAnswer = await t.request('POST', `/v1/customers/${fresh.accountId}/confirmation`, { token: await t.token('customer', fresh.email, fresh.accountId), body: { token: await invitationTokenFor(t, fresh.email) } });
    const knownAnswer = await t.request('POST', `/v1/customers/${known.accountId}/confirmation`, { token: await t.token('customer', known.email, known.accountId), body: { token: await invitationTokenFor(t, known.email) } });
    expect(freshAnswer.body.state).toBe('pending_approval');
    expect(knownAnswer.body.state).toBe('approved');
    const queue = await t.request('GET', `/v1/approvals?kind=customer&limit=200&minPosition=${knownAnswer.body.position}`, { token: reviewer });
    const subjects = queue.body.items.map((i: { subject: string }) => i.subject);
    expect(subjects).toContain(fresh.accountId);
    expect(subjects).not.toContain(known.accountId);
    expect(queue.body.items.find((i: { subject: string }) => i.subject === fresh.accountId)).toMatchObject({ kind: 'customer', partnerId: partner.partnerId, dueAt: '2026-11-26T16:59:59.999Z', overdue: false });

    const reject = await t.request('POST', `/v1/customers/${fresh.accountId}/rejection`, { token: reviewer, body: { reason: 'identity documents do not match' } });
    expect(reject.status).toBe(200);
    expect(reject.body.state).toBe('rejected');
    expect((await t.request('POST', `/v1/customers/${fresh.accountId}/approval`, { token: reviewer, body: {} })).body.code).toBe('CUSTOMER_NOT_PENDING');
    const dashboard = await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard?minPosition=${reject.body.position}`, { token: partner.token });
    expect(dashboard.body.customers).toMatchObject({ approved: 1, rejected: 1, invited: 0 });
    const after = await t.request('GET', `/v1/approvals?kind=customer&limit=200&minPosition=${reject.body.position}`, { token: reviewer });
    expect(after.body.items.map((i: { subject: string }) => i.subject)).not.toContain(fresh.accountId);
  });

  it('cancels an open invitation and ends an approved relationship through DELETE', async () => {
    const partner = await approvedPartner(t);
    const invited = await registeredAccount(t);
    const approved = await registeredAccount(t, {}, { isProviderCustomer: true });
    await add(partner, [
      { email: invited.email, commonName: 'I' },
      { email: approved.email, commonName: 'A' },
    ]);
    await t.request('POST', `/v1/customers/${approved.accountId}/confirmation`, { token: await t.token('customer', approved.email, approved.accountId), body: { token: await invitationTokenFor(t, approved.email) } });
    const cancelled = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${invited.accountId}`, { token: partner.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    // A reviewer may withdraw any open invitation too (issue 12): it was 403 until it expired.
    const second = await registeredAccount(t);
    await add(partner, [{ email: second.email, commonName: 'S' }]);
    const byReviewer = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${second.accountId}`, { token: reviewer, body: { reason: 'giấy tờ không hợp lệ' } });
    expect([byReviewer.status, byReviewer.body.state]).toEqual([200, 'cancelled']);
    expect((await store.readStream(`customer-${second.accountId}`)).at(-1)).toMatchObject({ type: 'CustomerInvitationCancelled', metadata: { actor: { role: 'reviewer', id: 'staff-linh' } } });
    const noReason = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${approved.accountId}`, { token: partner.token });
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const foreign = await approvedPartner(t);
    expect((await t.request('DELETE', `/v1/partners/${foreign.partnerId}/customers/${approved.accountId}`, { token: foreign.token, body: { reason: 'mine now' } })).body.code).toBe('CUSTOMER_NOT_FOUND');
    const ended = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${approved.accountId}`, { token: reviewer, body: { reason: 'contract terminated' } });
    expect(ended.status).toBe(200);
    expect(ended.body.state).toBe('ended');
    const [last] = await store.readStream(`customer-${approved.accountId}`, { direction: 'backwards', maxCount: 1 });
    expect(last).toMatchObject({ type: 'CustomerRelationshipEnded', data: { reason: 'contract terminated', endedBy: 'reviewer:staff-linh' } });
    expect((await add(foreign, [{ email: approved.email, commonName: 'A' }])).body.rows[0].result).toBe('invited');
  });

  it('takes a customer pending approval out of the queue when the partner ends the relationship', async () => {
    const partner = await approvedPartner(t);
    const customer = await registeredAccount(t);
    await add(partner, [{ email: customer.email, commonName: 'Pending' }]);
    await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: await t.token('customer', customer.email, customer.accountId), body: { token: await invitationTokenFor(t, customer.email) } });
    const ended = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}`, { token: partner.token, body: { reason: 'changed our mind' } });
    expect(ended.body.state).toBe('ended');
    const queue = await t.request('GET', `/v1/approvals?kind=customer&limit=200&minPosition=${ended.body.position}`, { token: reviewer });
    expect(queue.body.items.map((i: { subject: string }) => i.subject)).not.toContain(customer.accountId);
  });

  it('answers INVITATION_EXPIRED for a late answer even before the expiry reactor has run', async () => {
    const partner = await approvedPartner(t);
    const customer = await registeredAccount(t);
    await add(partner, [{ email: customer.email, commonName: 'Late' }]);
    const token = await invitationTokenFor(t, customer.email);
    t.clock.set(new Date(TEST_NOW.getTime() + 7 * 86_400_000 + 1));
    try {
      const late = await t.request('POST', `/v1/customers/${customer.accountId}/decline`, { token: await t.token('customer', customer.email, customer.accountId), body: { token } });
      expect([late.status, late.body.code]).toEqual([422, 'INVITATION_EXPIRED']);
    } finally {
      t.clock.set(TEST_NOW);
    }
  });

  it('refuses RegisterPartner for an account invited by a partner (ACCOUNT_IS_PARTNER_CUSTOMER)', async () => {
    const partner = await approvedPartner(t);
    const customer = await registeredAccount(t);
    await add(partner, [{ email: customer.email, commonName: 'C' }]);
    const r = await t.request('POST', '/v1/partners', { token: await t.token('partner', customer.email, customer.accountId), body: partnerApplication() });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('ACCOUNT_IS_PARTNER_CUSTOMER');
  });

  it('lets exactly one of two partners adding the same account at the same instant win, every time', async () => {
    const partners = await Promise.all([approvedPartner(t), approvedPartner(t)]);
    for (let round = 0; round < 15; round++) {
      const customer = await registeredAccount(t);
      const answers = await Promise.all(partners.map((p) => add(p, [{ email: customer.email, commonName: `Round ${round}` }])));
      const outcomes = answers.map((a) => a.body.rows[0].code ?? a.body.rows[0].result).sort();
      expect(outcomes).toEqual(['CUSTOMER_ALREADY_LINKED', 'invited']);
      const invitations = (await store.readStream(`customer-${customer.accountId}`)).filter((e) => e.type === 'CustomerInvited');
      expect(invitations).toHaveLength(1);
    }
  });

  it('shows the dashboard and customer list only to the partner itself, reviewers and auditors, with cursor paging and a state filter', async () => {
    const partner = await approvedPartner(t);
    const accounts = await Promise.all([1, 2, 3].map(() => registeredAccount(t)));
    let position = '0';
    for (const [i, a] of accounts.entries()) {
      t.clock.set(new Date(TEST_NOW.getTime() + i * 60_000));
      position = (await add(partner, [{ email: a.email, commonName: `C${i}` }])).body.position;
    }
    t.clock.set(TEST_NOW);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?state=invited&limit=2&minPosition=${position}${cursor ? `&cursor=${cursor}` : ''}`, { token: partner.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { accountId: string }) => i.accountId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(accounts.map((a) => a.accountId));
    expect((await t.request('GET', `/v1/partners/${partner.partnerId}/customers?state=approved`, { token: partner.token })).body.items).toEqual([]);
    expect((await t.request('GET', `/v1/partners/${partner.partnerId}/customers?state=bogus`, { token: partner.token })).status).toBe(400);
    const other = await approvedPartner(t);
    expect((await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard`, { token: other.token })).status).toBe(403);
    expect((await t.request('GET', `/v1/partners/${partner.partnerId}/customers`, { token: other.token })).status).toBe(403);
    const dash = await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard?minPosition=${position}`, { token: await t.token('auditor', 'kpmg') });
    expect(dash.status).toBe(200);
    expect(dash.body).toMatchObject({
      partnerId: partner.partnerId,
      status: 'approved',
      program: 'vngcloud',
      appliedAt: TEST_NOW.toISOString(),
      approvedAt: TEST_NOW.toISOString(),
      assessmentEndsAt: null,
      courses: { required: 0, completed: 0 },
      customers: { invited: 3, approved: 0 },
      credit: { currency: 'VND', deposited: '0', allocated: '0', available: '0' },
    });
  });
});

describe('Invitation expiry (embedded store)', () => {
  it('expires an unanswered invitation by itself once its time has come, also across a restart', async () => {
    const first = await startTestApp();
    let second: TestApp | undefined;
    try {
      const partner = await approvedPartner(first);
      const customer = await registeredAccount(first);
      const added = await first.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: 'Late' }] } });
      const token = await invitationTokenFor(first, customer.email);
      const reactor = first.app.get(InvitationExpiryReactor);
      expect(await reactor.tick()).toBe(0);
      await first.app.close();

      // Seven days later (the vngcloud invitation lifetime), on a restarted service with the same data.
      second = await startTestApp({ dataDir: first.dataDir, secret: first.secret, config: { reactorIntervalMs: 60_000, reactorWakeUps: false } });
      second.clock.set(new Date(TEST_NOW.getTime() + 7 * 86_400_000));
      const customerToken = await second.token('customer', customer.email, customer.accountId);
      await second.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${added.body.position}`, { token: partner.token });
      expect(await second.app.get(InvitationExpiryReactor).tick()).toBe(1);
      const store = second.app.get<EventStore>(EVENT_STORE);
      const events = await store.readStream(`customer-${customer.accountId}`);
      expect(events.map((e) => e.type)).toEqual(['CustomerInvited', 'CustomerInvitationExpired']);
      expect(events[1].metadata.actor).toEqual({ role: 'system', id: 'invitation-expiry' });
      const late = await second.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: customerToken, body: { token } });
      expect(late.status).toBe(422);
      expect(late.body.code).toBe('INVITATION_EXPIRED');
      const list = await second.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${events[1].position}`, { token: await second.token('partner', partner.account.email, partner.partnerId) });
      expect(list.body.items[0].status).toBe('expired');
      expect(await second.app.get(InvitationExpiryReactor).tick()).toBe(0);
    } finally {
      await second?.close();
      const { rmSync } = await import('node:fs');
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
