import { EVENT_STORE, EventStore } from '@pp/event-store';
import fc from 'fast-check';
import { approvedCustomer, approvedPartner, partnerApplication, startTestApp, TestApp } from './support/test-app';

/** Every command endpoint, with the role that may call it and a valid body to mutate. */
const ENDPOINTS = (p: string, c: string) =>
  [
    ['POST', '/v1/accounts', 'service', { accountId: 'fz-1', email: 'fz@example.vn', type: 'enterprise', billing: 'prepaid' }],
    ['POST', `/v1/accounts/${c}/identity-verification`, 'service', { legalName: 'X', method: 'business_license' }],
    ['PUT', `/v1/accounts/${c}/standing`, 'service', { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false }],
    ['POST', '/v1/partners', 'partner', partnerApplication()],
    ['POST', `/v1/partners/${p}/approval`, 'reviewer', {}],
    ['POST', `/v1/partners/${p}/rejection`, 'reviewer', { reason: 'x' }],
    ['PATCH', `/v1/partners/${p}/profile`, 'partner', { contact: { name: 'N', email: 'n@example.vn', phone: '+84 28 3822 1234' } }],
    ['POST', `/v1/partners/${p}/assessment`, 'reviewer', { result: 'failed', outcome: 'suspended', notes: 'x' }],
    ['POST', `/v1/partners/${p}/suspension`, 'reviewer', { reason: 'x' }],
    ['POST', `/v1/partners/${p}/courses/x/completion`, 'service', {}],
    ['POST', `/v1/partners/${p}/credit-deposits`, 'service', { amount: '10', currency: 'VND', reference: 'F-1' }],
    ['POST', `/v1/partners/${p}/customers`, 'partner', { customers: [{ email: 'fz@example.vn', commonName: 'F' }] }],
    ['DELETE', `/v1/partners/${p}/customers/${c}`, 'partner', { reason: 'x' }],
    ['POST', `/v1/customers/${c}/confirmation`, 'customer', { token: 'x' }],
    ['POST', `/v1/customers/${c}/decline`, 'customer', { token: 'x' }],
    ['POST', `/v1/customers/${c}/approval`, 'reviewer', {}],
    ['POST', `/v1/customers/${c}/rejection`, 'reviewer', { reason: 'x' }],
    ['POST', `/v1/partners/${p}/customers/${c}/credit-allocations`, 'partner', { amount: '1', currency: 'VND' }],
    ['PUT', `/v1/partners/${p}/customers/${c}/discount`, 'partner', { percent: '5', effectiveMonth: '2027-01' }],
    ['PUT', `/v1/partners/${p}/credit/thresholds`, 'partner', { thresholds: [{ usedPercent: 70 }, { availableBelow: '5' }] }],
    ['POST', `/v1/partners/${p}/customers/${c}/revenue`, 'service', { period: '2026-11', amount: '1', currency: 'VND', billingReference: 'F-2' }],
    ['POST', '/v1/price-lists/fz-list/versions', 'service', { name: 'F', currency: 'VND', effectiveFrom: '2026-12-01', items: [{ sku: 's-1', description: 'd', unit: 'month', unitPrice: '1' }] }],
    ['POST', '/v1/price-lists/fz-list/retirement', 'service', { reason: 'x' }],
    ['PUT', `/v1/partners/${p}/customers/${c}/price-list`, 'partner', { priceListId: 'fz-list', effectiveMonth: '2027-01' }],
  ] as const;

/** A body: anything JSON, or a valid body with one field replaced by anything. */
const bodyFor = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.jsonValue(),
    fc.record({ key: fc.constantFrom(...Object.keys(valid), 'extra'), value: fc.jsonValue() }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.string().map((s) => ({ ...valid, ...(Object.keys(valid).length ? { [Object.keys(valid)[0]]: s } : {}) })),
  );

describe('Fuzzing every command endpoint (embedded store)', () => {
  let t: TestApp;
  let store: EventStore;
  let partner: Awaited<ReturnType<typeof approvedPartner>>;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(EVENT_STORE);
    partner = await approvedPartner(t);
    customerId = (await approvedCustomer(t, partner)).accountId;
  });
  afterAll(async () => t.close());

  it('answers 10,000 generated requests without a 5xx, and a refused command appends nothing', async () => {
    const endpoints = ENDPOINTS(partner.partnerId, customerId);
    const tokens: Record<string, string> = {
      service: await t.token('service', 'fuzz'),
      reviewer: await t.token('reviewer', 'fuzz'),
      partner: partner.token,
      customer: await t.token('customer', 'fuzz', customerId),
    };
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: endpoints.length - 1 }).chain((i) => fc.tuple(fc.constant(i), bodyFor(endpoints[i][3] as Record<string, unknown>), fc.boolean())),
        async ([i, body, raw]) => {
          const [method, url, role] = endpoints[i];
          const before = await store.headPosition();
          const r = await t.request(method, url, { token: tokens[role], body: raw ? JSON.stringify(body).slice(0, 40) : body, headers: raw ? { 'content-type': 'application/json' } : {} });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          expect(r.status).toBeLessThan(500);
          if (r.status >= 400) {
            expect(r.headers['content-type']).toContain('application/problem+json');
            expect(typeof r.body.code).toBe('string');
            expect(await store.headPosition()).toBe(before);
          }
        },
      ),
      { numRuns: 10_000, seed: 20261122 },
    );
    process.stdout.write(`[fuzz] statuses: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  });
});
