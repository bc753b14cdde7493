import { Database, DATABASE } from '@pp/database';
import { priceListsProjection } from '@pp/price-lists';
import { ProjectionRebuilder } from '@pp/read-store';
import { tableRows } from './support/tables';
import { approvedCustomer, approvedPartner, registeredAccount, startTestApp, TestApp } from './support/test-app';

/** Issue 17: price lists published by the provider, assigned by partners, read by every role, over HTTP. */
describe('Price lists', () => {
  let t: TestApp;
  let service: string;
  beforeAll(async () => {
    t = await startTestApp();
    service = await t.token('service', 'pricing');
  });
  afterAll(async () => t.close());

  const listId = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;
  const item = { sku: 'vserver-2c4g', description: 'vServer 2 vCPU 4 GB', unit: 'month', unitPrice: '450000' };
  const publish = (id: string, body: Record<string, unknown> = {}, token = service) =>
    t.request('POST', `/v1/price-lists/${id}/versions`, { token, body: { name: 'VNG Cloud Standard', currency: 'VND', effectiveFrom: '2026-12-01', items: [item], ...body } });
  const assign = (partner: { partnerId: string; token: string }, accountId: string, body: Record<string, unknown>) =>
    t.request('PUT', `/v1/partners/${partner.partnerId}/customers/${accountId}/price-list`, { token: partner.token, body });

  describe('PublishPriceList and RetirePriceList (service)', () => {
    it('publishes version 1, then a version replacing the items from its day, and shows both', async () => {
      const id = listId('standard');
      const first = await publish(id);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id, state: 'published', revision: '0', version: 1 });
      const second = await publish(id, { effectiveFrom: '2027-01-01', items: [{ ...item, unitPrice: '420000' }, { sku: 'vstorage-ssd', description: 'SSD', unit: 'GB-month', unitPrice: '3000' }] });
      expect(second.body).toMatchObject({ revision: '1', version: 2 });
      const replay = await publish(id, { effectiveFrom: '2027-01-01', items: [{ ...item, unitPrice: '420000' }, { sku: 'vstorage-ssd', description: 'SSD', unit: 'GB-month', unitPrice: '3000' }] });
      expect(replay.body).toMatchObject({ revision: '1', version: 2 });

      t.clock.set('2026-12-05T00:00:00.000Z');
      const got = await t.request('GET', `/v1/price-lists/${id}?minPosition=${second.body.position}`, { token: await t.token('reviewer', 'staff') });
      t.clock.set('2026-11-23T03:00:00.000Z');
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ priceListId: id, name: 'VNG Cloud Standard', currency: 'VND', status: 'published', isDefault: false, currentVersion: 1, latestVersion: 2, retiredAt: null });
      expect(got.body.versions.map((v: { version: number; effectiveFrom: string; items: unknown[] }) => [v.version, v.effectiveFrom, v.items.length])).toEqual([
        [1, '2026-12-01', 1],
        [2, '2027-01-01', 2],
      ]);
      expect(got.body.versions[1].items[0]).toEqual({ ...item, unitPrice: '420000' });
    });

    it('takes prices in the currency’s minor units: CNY with two decimals', async () => {
      const id = listId('cny');
      const r = await publish(id, { currency: 'CNY', items: [{ ...item, unitPrice: '12.50' }] });
      expect(r.status).toBe(200);
      const got = await t.request('GET', `/v1/price-lists/${id}?minPosition=${r.body.position}`, { token: service });
      expect(got.body.versions[0].items[0].unitPrice).toBe('12.50');
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['no item', { items: [] }, 400, 'VALIDATION_FAILED'],
      ['a SKU twice', { items: [item, item] }, 400, 'DUPLICATE_SKU'],
      ['a negative price', { items: [{ ...item, unitPrice: '-1' }] }, 400, 'VALIDATION_FAILED'],
      ['more decimals than VND has', { items: [{ ...item, unitPrice: '1.5' }] }, 400, 'INVALID_AMOUNT'],
      ['an unknown currency', { currency: 'XXX' }, 400, 'CURRENCY_NOT_SUPPORTED'],
      ['a day that is not a date', { effectiveFrom: '2026-13-01' }, 400, 'VALIDATION_FAILED'],
      ['a day not on the calendar', { effectiveFrom: '2027-02-31' }, 400, 'VALIDATION_FAILED'],
      ['a day in the past (UTC)', { effectiveFrom: '2026-11-22' }, 422, 'EFFECTIVE_DATE_IN_PAST'],
    ])('refuses %s', async (_label, body, status, code) => {
      const r = await publish(listId('bad'), body);
      expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    });

    it('names the field of a day not on the calendar, and stores nothing', async () => {
      const id = listId('feb31');
      const r = await publish(id, { effectiveFrom: '2027-02-31' });
      expect(r.body.errors).toEqual([{ field: 'effectiveFrom', messages: ['effectiveFrom must be a calendar day YYYY-MM-DD'] }]);
      expect((await publish(id, { effectiveFrom: '2027-02-28' })).body).toMatchObject({ revision: '0', version: 1 });
    });

    it('refuses a new version from today once the latest is in effect (today is billed), and takes tomorrow', async () => {
      const id = listId('today');
      expect((await publish(id, { effectiveFrom: '2026-11-23' })).status).toBe(200);
      const repriced = await publish(id, { effectiveFrom: '2026-11-23', items: [{ ...item, unitPrice: '420000' }] });
      expect(repriced.body).toMatchObject({ status: 422, code: 'EFFECTIVE_DATE_IN_PAST', earliestEffectiveFrom: '2026-11-24' });
      expect((await publish(id, { effectiveFrom: '2026-11-24', items: [{ ...item, unitPrice: '420000' }] })).body).toMatchObject({ revision: '1', version: 2 });
    });

    it('refuses a later version before the latest, in another currency, or of a retired list', async () => {
      const id = listId('rules');
      await publish(id, { effectiveFrom: '2027-01-01' });
      expect((await publish(id, { effectiveFrom: '2026-12-15' })).body.code).toBe('EFFECTIVE_DATE_BEFORE_LATEST');
      expect((await publish(id, { currency: 'USD', effectiveFrom: '2027-02-01', items: [{ ...item, unitPrice: '20.00' }] })).body).toMatchObject({ status: 422, code: 'CURRENCY_MISMATCH' });
      const retired = await t.request('POST', `/v1/price-lists/${id}/retirement`, { token: service, body: { reason: 'replaced' } });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ id, state: 'retired' });
      expect((await publish(id, { effectiveFrom: '2027-03-01' })).body).toMatchObject({ status: 422, code: 'PRICE_LIST_RETIRED' });
      const got = await t.request('GET', `/v1/price-lists/${id}?minPosition=${retired.body.position}`, { token: service });
      expect(got.body).toMatchObject({ status: 'retired', retiredAt: '2026-11-23T03:00:00.000Z' });
    });

    it('refuses to retire a list never published (404), and lets only the service publish or retire', async () => {
      const missing = await t.request('POST', `/v1/price-lists/${listId('none')}/retirement`, { token: service, body: {} });
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body.code).toBe('PRICE_LIST_NOT_FOUND');
      const partner = await approvedPartner(t);
      expect((await publish(listId('p'), {}, partner.token)).status).toBe(403);
      expect((await t.request('POST', `/v1/price-lists/${listId('p')}/retirement`, { token: partner.token, body: {} })).status).toBe(403);
      expect((await t.request('POST', `/v1/price-lists/${listId('p')}/versions`, { body: {} })).status).toBe(401);
      expect((await t.request('POST', '/v1/price-lists/Not_A_Slug/versions', { token: service, body: {} })).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('AssignCustomerPriceList (partner)', () => {
    let partner: Awaited<ReturnType<typeof approvedPartner>>;
    let customer: Awaited<ReturnType<typeof approvedCustomer>>;
    let enterprise: string;
    beforeAll(async () => {
      partner = await approvedPartner(t);
      customer = await approvedCustomer(t, partner);
      enterprise = listId('enterprise');
      await publish(enterprise, { name: 'VNG Cloud Enterprise' });
    });

    it('assigns a published list from a month on; the customer list and detail show it beside the default, with the history', async () => {
      const before = await t.request('GET', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}?minPosition=${customer.position}`, { token: partner.token });
      expect(before.body.priceList).toMatchObject({ priceListId: 'vngcloud-standard', effectiveMonth: null, source: 'default' });
      expect(before.body.priceLists).toEqual([]);

      const r = await assign(partner, customer.accountId, { priceListId: enterprise, effectiveMonth: '2026-12' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: customer.accountId, state: 'approved' });
      const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${r.body.position}`, { token: partner.token });
      const row = list.body.items.find((i: { accountId: string }) => i.accountId === customer.accountId);
      // Still November: the default bills it until December.
      expect(row.priceList).toMatchObject({ priceListId: 'vngcloud-standard', source: 'default' });
      expect(row.priceLists).toEqual([{ priceListId: enterprise, name: 'VNG Cloud Enterprise', effectiveMonth: '2026-12', assignedAt: '2026-11-23T03:00:00.000Z' }]);

      t.clock.set('2026-12-01T00:00:00.000Z');
      const december = await t.request('GET', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}`, { token: partner.token });
      const dashboard = await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard`, { token: partner.token });
      t.clock.set('2026-11-23T03:00:00.000Z');
      expect(december.body.priceList).toEqual({ priceListId: enterprise, name: 'VNG Cloud Enterprise', effectiveMonth: '2026-12', source: 'assigned' });
      expect(dashboard.body.priceLists).toEqual([{ priceListId: enterprise, name: 'VNG Cloud Enterprise', isDefault: false, customers: 1 }]);
    });

    it('counts approved customers per price list on the dashboard, the default included', async () => {
      const p = await approvedPartner(t);
      const a = await approvedCustomer(t, p);
      await approvedCustomer(t, p);
      const r = await assign(p, a.accountId, { priceListId: enterprise, effectiveMonth: '2026-11' });
      const dashboard = await t.request('GET', `/v1/partners/${p.partnerId}/dashboard?minPosition=${r.body.position}`, { token: p.token });
      expect(dashboard.body.priceLists).toEqual([
        { priceListId: enterprise, name: 'VNG Cloud Enterprise', isDefault: false, customers: 1 },
        { priceListId: 'vngcloud-standard', name: null, isDefault: true, customers: 1 },
      ]);
    });

    it.each<[string, () => Record<string, unknown>, string]>([
      ['a list never published', () => ({ priceListId: 'no-such-list', effectiveMonth: '2026-12' }), 'PRICE_LIST_NOT_FOUND'],
      ['a month in the past', () => ({ priceListId: enterprise, effectiveMonth: '2026-10' }), 'EFFECTIVE_MONTH_IN_PAST'],
    ])('refuses %s (422)', async (_label, body, code) => {
      const r = await assign(partner, customer.accountId, body());
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code });
    });

    it('refuses a retired list and one in another currency (422)', async () => {
      const retired = listId('old');
      await publish(retired);
      await t.request('POST', `/v1/price-lists/${retired}/retirement`, { token: service, body: {} });
      expect((await assign(partner, customer.accountId, { priceListId: retired, effectiveMonth: '2026-12' })).body).toMatchObject({ status: 422, code: 'PRICE_LIST_RETIRED' });
      const usd = listId('usd');
      await publish(usd, { currency: 'USD', items: [{ ...item, unitPrice: '20.00' }] });
      expect((await assign(partner, customer.accountId, { priceListId: usd, effectiveMonth: '2026-12' })).body).toMatchObject({ status: 422, code: 'CURRENCY_MISMATCH', currency: 'VND' });
    });

    it('refuses a customer not approved, and another partner’s customer (422)', async () => {
      const invited = await registeredAccount(t);
      await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: invited.email, commonName: 'Invited' }] } });
      expect((await assign(partner, invited.accountId, { priceListId: enterprise, effectiveMonth: '2026-12' })).body).toMatchObject({ status: 422, code: 'CUSTOMER_NOT_APPROVED' });
      const other = await approvedPartner(t);
      expect((await assign(other, customer.accountId, { priceListId: enterprise, effectiveMonth: '2026-12' })).body).toMatchObject({ status: 422, code: 'CUSTOMER_NOT_APPROVED' });
    });

    it('refuses another partner’s path (403), other roles (403), bad input (400)', async () => {
      const other = await approvedPartner(t);
      expect((await t.request('PUT', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/price-list`, { token: other.token, body: { priceListId: enterprise, effectiveMonth: '2026-12' } })).status).toBe(403);
      expect((await t.request('PUT', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/price-list`, { token: service, body: { priceListId: enterprise, effectiveMonth: '2026-12' } })).status).toBe(403);
      const bad = await assign(partner, customer.accountId, { priceListId: enterprise, effectiveMonth: '12-2026' });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });
  });

  describe('GET /v1/price-lists', () => {
    it('lists every price list to partners, reviewers, auditors and services, filtered by status', async () => {
      const published = listId('listed');
      const retired = listId('listed-retired');
      await publish(published);
      await publish(retired);
      const r = await t.request('POST', `/v1/price-lists/${retired}/retirement`, { token: service, body: {} });
      for (const role of ['partner', 'reviewer', 'auditor', 'service'] as const) {
        const list = await t.request('GET', `/v1/price-lists?minPosition=${r.body.position}`, { token: await t.token(role, 'someone', 'acc-someone') });
        expect(list.status).toBe(200);
        expect(list.body.items.map((i: { priceListId: string }) => i.priceListId)).toEqual(expect.arrayContaining([published, retired]));
      }
      const onlyPublished = await t.request('GET', '/v1/price-lists?status=published', { token: service });
      expect(onlyPublished.body.items.map((i: { priceListId: string }) => i.priceListId)).toContain(published);
      expect(onlyPublished.body.items.map((i: { priceListId: string }) => i.priceListId)).not.toContain(retired);
      expect(onlyPublished.body.items.find((i: { priceListId: string }) => i.priceListId === published)).toEqual({
        priceListId: published,
        name: 'VNG Cloud Standard',
        currency: 'VND',
        status: 'published',
        isDefault: false,
        currentVersion: null,
        latestVersion: 1,
        publishedAt: '2026-11-23T03:00:00.000Z',
        retiredAt: null,
      });
      expect((await t.request('GET', '/v1/price-lists?status=gone', { token: service })).body.code).toBe('VALIDATION_FAILED');
      expect((await t.request('GET', '/v1/price-lists')).status).toBe(401);
      expect((await t.request('GET', `/v1/price-lists/${listId('nope')}`, { token: service })).body).toMatchObject({ status: 404, code: 'PRICE_LIST_NOT_FOUND' });
    });

    it('shows a customer only its own: its assignments and the default, and nothing of other lists', async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const own = listId('own');
      const others = listId('others');
      await publish(own);
      await publish(others);
      await publish('vngcloud-standard', { name: 'VNG Cloud Standard' });
      const r = await assign(partner, customer.accountId, { priceListId: own, effectiveMonth: '2027-01' });
      const token = await t.token('customer', customer.email, customer.accountId);
      const list = await t.request('GET', `/v1/price-lists?minPosition=${r.body.position}`, { token });
      expect(list.body.items.map((i: { priceListId: string }) => i.priceListId)).toEqual([own, 'vngcloud-standard']);
      expect((await t.request('GET', `/v1/price-lists/${own}`, { token })).status).toBe(200);
      expect((await t.request('GET', `/v1/price-lists/${others}`, { token })).body).toMatchObject({ status: 404, code: 'PRICE_LIST_NOT_FOUND' });
      const stranger = await registeredAccount(t);
      const none = await t.request('GET', '/v1/price-lists', { token: await t.token('customer', stranger.email, stranger.accountId) });
      expect(none.body.items).toEqual([]);
    });
  });

  describe('revenue, audit and rebuild', () => {
    it('records the price list version billed; the dashboard sums revenue as before', async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const id = listId('billed');
      await publish(id, { effectiveFrom: '2026-11-23' });
      const revenue = (body: Record<string, unknown>) =>
        t.request('POST', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/revenue`, { token: service, body: { period: '2026-11', amount: '1000000', currency: 'VND', ...body } });
      const named = await revenue({ billingReference: 'INV-PL-1', priceListId: id, priceListVersion: 1 });
      expect(named.status).toBe(200);
      expect((await revenue({ billingReference: 'INV-PL-1', priceListId: id, priceListVersion: 1 })).body.revision).toBe(named.body.revision);
      expect((await revenue({ billingReference: 'INV-PL-1' })).body).toMatchObject({ status: 409, code: 'BILLING_REFERENCE_CONFLICT' });
      expect((await revenue({ billingReference: 'INV-PL-2', priceListId: id, priceListVersion: 2 })).body).toMatchObject({ status: 422, code: 'PRICE_LIST_NOT_FOUND' });
      expect((await revenue({ billingReference: 'INV-PL-3', priceListId: id })).body.code).toBe('VALIDATION_FAILED');
      const usd = listId('billed-usd');
      await publish(usd, { currency: 'USD', effectiveFrom: '2026-11-23', items: [{ ...item, unitPrice: '20.00' }] });
      expect((await revenue({ billingReference: 'INV-PL-5', priceListId: usd, priceListVersion: 1 })).body).toMatchObject({ status: 422, code: 'CURRENCY_MISMATCH', currency: 'USD' });
      const plain = await revenue({ billingReference: 'INV-PL-4' });
      const dashboard = await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard?minPosition=${plain.body.position}`, { token: partner.token });
      expect(dashboard.body.revenue).toMatchObject({ byMonth: { '2026-11': '2000000' }, total: '2000000' });
      const events = await t.request('GET', `/v1/audit/streams/revenue-INV-PL-1/events`, { token: await t.token('auditor', 'audit') });
      expect(events.body.items[0].data).toMatchObject({ priceListId: id, priceListVersion: 1 });
    });

    it("shows auditors a customer's price list as of a time", async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const id = listId('asof');
      await publish(id);
      t.clock.set('2026-11-24T03:00:00.000Z');
      await assign(partner, customer.accountId, { priceListId: id, effectiveMonth: '2026-12' });
      t.clock.set('2026-11-23T03:00:00.000Z');
      const auditor = await t.token('auditor', 'audit');
      const asOf = (at: string) => t.request('GET', `/v1/audit/customers/${customer.accountId}?asOf=${at}`, { token: auditor });
      expect((await asOf('2026-11-23T04:00:00.000Z')).body.priceList).toMatchObject({ priceListId: 'vngcloud-standard', source: 'default' });
      expect((await asOf('2026-11-30T04:00:00.000Z')).body.priceList).toMatchObject({ priceListId: 'vngcloud-standard', source: 'default' });
      const december = await asOf('2026-12-02T00:00:00.000Z');
      expect(december.body.priceList).toEqual({ priceListId: id, effectiveMonth: '2026-12', assignedAt: '2026-11-24T03:00:00.000Z', source: 'assigned' });
      expect(december.body.state.priceLists).toEqual([{ priceListId: id, effectiveMonth: '2026-12', assignedAt: '2026-11-24T03:00:00.000Z' }]);
    });

    it('rebuilds the price-lists read model from the log, row for row equal to the live one', async () => {
      const partner = await approvedPartner(t);
      const customer = await approvedCustomer(t, partner);
      const id = listId('rebuilt');
      await publish(id);
      await publish(id, { effectiveFrom: '2027-02-01' });
      const last = await assign(partner, customer.accountId, { priceListId: id, effectiveMonth: '2027-01' });
      await t.request('GET', `/v1/price-lists?minPosition=${last.body.position}`, { token: service });
      const db = t.app.get<Database>(DATABASE).db;
      const before = await tableRows(db, priceListsProjection.tables);
      expect(before.price_list_customers.some((row) => row.includes(`"${id}"`))).toBe(true);
      await t.app.get(ProjectionRebuilder).rebuild(priceListsProjection);
      expect(await tableRows(db, priceListsProjection.tables)).toEqual(before);
    });
  });
});
