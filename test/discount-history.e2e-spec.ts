import { Database, DATABASE } from '@pp/database';
import { partnerDashboardProjection } from '@pp/dashboard';
import { ProjectionRebuilder } from '@pp/read-store';
import { tableRows } from './support/tables';
import { approvedCustomer, approvedPartner, startTestApp, TestApp } from './support/test-app';

/** Issue 12, item 23: a customer's discount history on its read model, rebuilt from the log like the rest. */
describe('Discount history on the customer list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('lists every discount set, oldest first, beside the latest, and a rebuild gives the same rows', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    const discount = (percent: string, effectiveMonth: string) =>
      t.request('PUT', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/discount`, { token: partner.token, body: { percent, effectiveMonth } });
    expect((await discount('5', '2027-01')).status).toBe(200);
    t.clock.set('2026-12-02T08:30:00.000Z');
    expect((await discount('7.5', '2027-06')).status).toBe(200);
    t.clock.set('2026-12-03T01:00:00.000Z');
    const last = await discount('0', '2027-09');
    expect(last.status).toBe(200);

    const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${last.body.position}`, { token: partner.token });
    const row = list.body.items.find((i: { accountId: string }) => i.accountId === customer.accountId);
    expect(row.discount).toEqual({ percent: '0', effectiveMonth: '2027-09' });
    expect(row.discounts).toEqual([
      { percent: '5', effectiveMonth: '2027-01', setAt: '2026-11-23T03:00:00.000Z' },
      { percent: '7.5', effectiveMonth: '2027-06', setAt: '2026-12-02T08:30:00.000Z' },
      { percent: '0', effectiveMonth: '2027-09', setAt: '2026-12-03T01:00:00.000Z' },
    ]);

    const db = t.app.get<Database>(DATABASE).db;
    const before = await tableRows(db, partnerDashboardProjection.tables);
    await t.app.get(ProjectionRebuilder).rebuild(partnerDashboardProjection);
    expect(await tableRows(db, partnerDashboardProjection.tables)).toEqual(before);
    const again = await t.request('GET', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token });
    expect(again.body.items.find((i: { accountId: string }) => i.accountId === customer.accountId).discounts).toEqual(row.discounts);
  });

  it('shows an empty history for a customer without discounts', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    const list = await t.request('GET', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token });
    expect(list.body.items.find((i: { accountId: string }) => i.accountId === customer.accountId)).toMatchObject({ discount: null, discounts: [] });
  });
});
