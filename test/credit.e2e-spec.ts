import { postgresTestUrl } from '@pp/database/testing/postgres-test';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { approvedCustomer, approvedPartner, registeredAccount, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Credit, discounts and revenue over HTTP (postgres store)": DATABASE_URL is not set, no PostgreSQL to test against\n');

describe.each([
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
] as const)('Credit, discounts and revenue over HTTP (%s store)', (storeKind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  let t: TestApp;
  let service: string;
  let store: EventStore;

  beforeAll(async () => {
    t = await startTestApp({ store: storeKind, databaseUrl });
    service = await t.token('service', 'billing-svc');
    store = t.app.get(EVENT_STORE);
  });
  afterAll(async () => t.close());

  const deposit = (partnerId: string, amount: unknown, reference: string, currency = 'VND') => t.request('POST', `/v1/partners/${partnerId}/credit-deposits`, { token: service, body: { amount, currency, reference } });
  const allocate = (partner: { partnerId: string; token: string }, accountId: string, amount: unknown, currency = 'VND') =>
    t.request('POST', `/v1/partners/${partner.partnerId}/customers/${accountId}/credit-allocations`, { token: partner.token, body: { amount, currency } });
  const dashboard = async (partner: { partnerId: string; token: string }, position?: string) =>
    (await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard${position ? `?minPosition=${position}` : ''}`, { token: partner.token })).body;

  it('takes money as decimal strings in the program currency only', async () => {
    const partner = await approvedPartner(t);
    for (const [amount, status, code] of [
      ['1e6', 400, 'VALIDATION_FAILED'],
      [1000000, 400, 'VALIDATION_FAILED'],
      ['1000000.5', 400, 'INVALID_AMOUNT'],
      ['-5', 400, 'INVALID_AMOUNT'],
      ['0', 400, 'INVALID_AMOUNT'],
      ['01', 400, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await deposit(partner.partnerId, amount, `REF-${String(amount)}`);
      expect([amount, r.status, r.body.code]).toEqual([amount, status, code]);
    }
    const cny = await deposit(partner.partnerId, '100.00', 'REF-CNY', 'CNY');
    expect([cny.status, cny.body.code, cny.body.currency]).toEqual([422, 'CURRENCY_MISMATCH', 'VND']);
    expect((await deposit('no-such-partner', '1', 'REF-X')).body.code).toBe('PARTNER_NOT_FOUND');
    const d = await dashboard(partner, partner.position);
    expect(d.credit).toEqual({ currency: 'VND', deposited: '0', allocated: '0', available: '0', thresholds: [] });
  });

  it('adds a payment reference once, and refuses it with another amount', async () => {
    const partner = await approvedPartner(t);
    const first = await deposit(partner.partnerId, '50000000', 'PAY-1');
    const again = await deposit(partner.partnerId, '50000000', 'PAY-1');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.position).toBe(first.body.position);
    expect((await deposit(partner.partnerId, '1', 'PAY-1')).body.code).toBe('DEPOSIT_REFERENCE_CONFLICT');
    expect((await dashboard(partner, again.body.position)).credit.deposited).toBe('50000000');
  });

  it('allocates to approved customers only, reclaims, and shows every balance', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    const invitedOnly = await registeredAccount(t);
    await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: invitedOnly.email, commonName: 'Invited' }] } });
    await deposit(partner.partnerId, '50000000', 'PAY-A');
    const a = await allocate(partner, customer.accountId, '20000000');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ id: customer.accountId, customerBalance: '20000000', available: '30000000' });
    expect((await allocate(partner, customer.accountId, '40000000')).body.code).toBe('INSUFFICIENT_CREDIT');
    expect((await allocate(partner, invitedOnly.accountId, '1000')).body.code).toBe('CUSTOMER_NOT_APPROVED');
    expect((await allocate(partner, customer.accountId, '-20000001')).body.code).toBe('INSUFFICIENT_CREDIT');
    expect((await allocate(partner, customer.accountId, '100', 'CNY')).body.code).toBe('CURRENCY_MISMATCH');
    const back = await allocate(partner, customer.accountId, '-5000000');
    expect(back.body).toMatchObject({ customerBalance: '15000000', available: '35000000' });
    const other = await approvedPartner(t);
    expect((await t.request('POST', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/credit-allocations`, { token: other.token, body: { amount: '1', currency: 'VND' } })).status).toBe(403);
    const d = await dashboard(partner, back.body.position);
    expect(d.credit).toEqual({ currency: 'VND', deposited: '50000000', allocated: '15000000', available: '35000000', thresholds: [] });
    const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?state=approved&minPosition=${back.body.position}`, { token: partner.token });
    expect(list.body.items.map((i: { accountId: string; creditBalance: string }) => [i.accountId, i.creditBalance])).toEqual([[customer.accountId, '15000000']]);
  });

  it('never lets concurrent allocations spend more than the pool, and the accepted ones add up exactly', async () => {
    const partner = await approvedPartner(t);
    const customers = await Promise.all([1, 2, 3].map(() => approvedCustomer(t, partner)));
    let seen = (await deposit(partner.partnerId, '1000000', 'PAY-RACE')).body.position as string;
    const highest = (answers: Array<{ body: { position?: string } }>, from: string) =>
      answers.map((a) => BigInt(a.body.position ?? '0')).reduce((x, y) => (y > x ? y : x), BigInt(from)).toString();
    for (let round = 0; round < 3; round++) {
      const before = await dashboard(partner, seen);
      const pool = BigInt(before.credit.available);
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => allocate(partner, customers[i % 3].accountId, '100000')));
      const accepted = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused.every((a) => (a.status === 422 && a.body.code === 'INSUFFICIENT_CREDIT') || (a.status === 409 && a.body.code === 'CONCURRENCY_CONFLICT'))).toBe(true);
      expect(BigInt(accepted.length) * 100000n).toBeLessThanOrEqual(pool);
      const last = accepted.map((a) => BigInt(a.body.position)).reduce((x, y) => (y > x ? y : x), 0n);
      const after = await dashboard(partner, last.toString());
      expect(BigInt(after.credit.available)).toBe(pool - BigInt(accepted.length) * 100000n);
      expect(BigInt(after.credit.available) >= 0n).toBe(true);
      // Give it back concurrently, asking for more than each customer holds.
      const reclaims = await Promise.all(customers.flatMap((c) => [1, 2, 3, 4, 5].map(() => allocate(partner, c.accountId, '-150000'))));
      seen = highest(reclaims, highest(accepted, seen));
      expect(reclaims.filter((r) => r.status !== 200).every((r) => r.body.code === 'INSUFFICIENT_CREDIT' || r.body.code === 'CONCURRENCY_CONFLICT')).toBe(true);
    }
    const events = await store.readStream(`credit-${partner.partnerId}`);
    const balances = new Map<string, bigint>();
    let pool = 0n;
    for (const e of events) {
      if (e.type === 'PartnerCreditDeposited') pool += BigInt(String(e.data.amount));
      else {
        const amount = BigInt(String(e.data.amount));
        pool -= amount;
        balances.set(String(e.data.accountId), (balances.get(String(e.data.accountId)) ?? 0n) + amount);
        expect(pool >= 0n).toBe(true);
        expect((balances.get(String(e.data.accountId)) ?? 0n) >= 0n).toBe(true);
      }
    }
    const final = await dashboard(partner, events[events.length - 1].position.toString());
    expect(BigInt(final.credit.available)).toBe(pool);
  });

  it('keeps every discount change, within the cap and from this month on', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    const url = `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/discount`;
    expect((await t.request('PUT', url, { token: partner.token, body: { percent: '5', effectiveMonth: '2027-06' } })).status).toBe(200);
    const second = await t.request('PUT', url, { token: partner.token, body: { percent: '12.5', effectiveMonth: '2026-11' } });
    expect(second.status).toBe(200);
    expect((await t.request('PUT', url, { token: partner.token, body: { percent: '20.01', effectiveMonth: '2027-01' } })).body.code).toBe('DISCOUNT_ABOVE_CAP');
    expect((await t.request('PUT', url, { token: partner.token, body: { percent: '5', effectiveMonth: '2026-10' } })).body.code).toBe('EFFECTIVE_MONTH_IN_PAST');
    expect((await t.request('PUT', url, { token: partner.token, body: { percent: 5, effectiveMonth: '2027-01' } })).status).toBe(400);
    expect((await t.request('PUT', url, { token: partner.token, body: { percent: '5', effectiveMonth: '2027-13' } })).status).toBe(400);
    const stranger = await registeredAccount(t);
    expect((await t.request('PUT', `/v1/partners/${partner.partnerId}/customers/${stranger.accountId}/discount`, { token: partner.token, body: { percent: '5', effectiveMonth: '2027-01' } })).body.code).toBe('CUSTOMER_NOT_APPROVED');
    const history = (await store.readStream(`customer-${customer.accountId}`)).filter((e) => e.type === 'CustomerDiscountSet').map((e) => [e.data.basisPoints, e.data.effectiveMonth]);
    expect(history).toEqual([
      [500, '2027-06'],
      [1250, '2026-11'],
    ]);
    const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${second.body.position}`, { token: partner.token });
    expect(list.body.items[0].discount).toEqual({ percent: '12.5', effectiveMonth: '2026-11' });
  });

  it('counts revenue once per billing reference and sums it by month, customer and in total', async () => {
    const partner = await approvedPartner(t);
    const [c1, c2] = [await approvedCustomer(t, partner), await approvedCustomer(t, partner)];
    const revenue = (accountId: string, period: string, amount: string, billingReference: string) =>
      t.request('POST', `/v1/partners/${partner.partnerId}/customers/${accountId}/revenue`, { token: service, body: { period, amount, currency: 'VND', billingReference } });
    await revenue(c1.accountId, '2026-11', '3250000', 'INV-1');
    const replay = await revenue(c1.accountId, '2026-11', '3250000', 'INV-1');
    expect(replay.status).toBe(200);
    expect((await revenue(c1.accountId, '2026-11', '1', 'INV-1')).body.code).toBe('BILLING_REFERENCE_CONFLICT');
    await revenue(c2.accountId, '2026-11', '1000000', 'INV-2');
    // Not billed before the month: December revenue comes in December, and says so (issue 12).
    expect((await revenue(c1.accountId, '2026-12', '500000', 'INV-3')).body).toMatchObject({ status: 422, code: 'PERIOD_IN_FUTURE' });
    t.clock.set('2026-12-02T03:00:00.000Z');
    const last = await revenue(c1.accountId, '2026-12', '500000', 'INV-3');
    t.clock.set(TEST_NOW);
    expect((await revenue(c1.accountId, '2026-10', '1', 'INV-5')).body.code).toBe('CUSTOMER_NOT_APPROVED');
    const stranger = await registeredAccount(t);
    expect((await revenue(stranger.accountId, '2026-11', '1', 'INV-4')).body.code).toBe('CUSTOMER_NOT_APPROVED');
    const d = await dashboard(partner, last.body.position);
    expect(d.revenue).toEqual({
      currency: 'VND',
      byMonth: { '2026-11': '4250000', '2026-12': '500000' },
      byCustomer: { [c1.accountId]: '3750000', [c2.accountId]: '1000000' },
      total: '4750000',
    });
  });

  it('keeps a former partner\'s credit from travelling with the customer, and its revenue to the months it served', async () => {
    const a = await approvedPartner(t);
    const b = await approvedPartner(t);
    const customer = await approvedCustomer(t, a);
    await deposit(a.partnerId, '1000', 'PAY-TRAVEL');
    await allocate(a, customer.accountId, '600');
    const ended = await t.request('DELETE', `/v1/partners/${a.partnerId}/customers/${customer.accountId}`, { token: a.token, body: { reason: 'moving on' } });
    expect(ended.body.state).toBe('ended');
    const blocked = await t.request('POST', `/v1/partners/${b.partnerId}/customers`, { token: b.token, body: { customers: [{ email: customer.email, commonName: 'Mover' }] } });
    expect(blocked.body.rows[0].code).toBe('ACCOUNT_HAS_CREDIT');
    expect((await allocate(a, customer.accountId, '-600')).status).toBe(200);
    const invited = await t.request('POST', `/v1/partners/${b.partnerId}/customers`, { token: b.token, body: { customers: [{ email: customer.email, commonName: 'Mover' }] } });
    expect(invited.body.rows[0].result).toBe('invited');
    // A's November revenue still counts for A; B may not bill November.
    const revenue = (partnerId: string, reference: string) =>
      t.request('POST', `/v1/partners/${partnerId}/customers/${customer.accountId}/revenue`, { token: service, body: { period: '2026-11', amount: '100', currency: 'VND', billingReference: reference } });
    expect((await revenue(a.partnerId, `INV-A-${customer.accountId}`)).status).toBe(200);
    expect((await revenue(b.partnerId, `INV-B-${customer.accountId}`)).body.code).toBe('CUSTOMER_NOT_APPROVED');
  });

  it('refuses deposits for an applicant, and lets nothing through a suspended partner but reclaims', async () => {
    const applicant = await registeredAccount(t);
    await t.request('POST', '/v1/partners', { token: await t.token('partner', applicant.email, applicant.accountId), body: (await import('./support/test-app')).partnerApplication() });
    expect((await deposit(applicant.accountId, '1', 'PAY-APPLICANT')).body.code).toBe('PARTNER_NOT_ACTIVE');
  });
});
