import { postgresTestUrl } from '@pp/database/testing/postgres-test';
import { Database, DATABASE, sql } from '@pp/database';
import { thresholdHolds } from '@pp/credit';
import { EVENT_STORE, EventStore, RecordedEvent } from '@pp/event-store';
import { mailOutboxProjection } from '@pp/notifications';
import { ProjectionRunner } from '@pp/read-store';
import { approvedCustomer, approvedPartner, startTestApp, TestApp } from './support/test-app';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Credit alerts over HTTP (postgres store)": DATABASE_URL is not set, no PostgreSQL to test against\n');

type Threshold = { usedPercent: number } | { availableBelow: string };

/**
 * Replays a credit stream and checks every PartnerCreditThresholdCrossed against it: each one right
 * after the allocation that took the pool past its threshold (same append), with the pool after it.
 * Answers the thresholds crossed, in log order.
 */
function crossingsOf(events: RecordedEvent[]): Threshold[] {
  let deposited = 0n;
  let allocated = 0n;
  let before = { deposited, allocated };
  const crossings: Threshold[] = [];
  for (const [i, e] of events.entries()) {
    if (e.type === 'PartnerCreditDeposited' || e.type === 'CustomerCreditAllocated') {
      before = { deposited, allocated };
      if (e.type === 'PartnerCreditDeposited') deposited += BigInt(String(e.data.amount));
      else allocated += BigInt(String(e.data.amount));
    }
    if (e.type !== 'PartnerCreditThresholdCrossed') continue;
    const threshold = e.data.threshold as unknown as Threshold;
    let causeAt = i - 1;
    while (events[causeAt].type === 'PartnerCreditThresholdCrossed') causeAt -= 1;
    expect([events[causeAt].type, e.data.cause, events[causeAt].metadata.correlationId]).toEqual(['CustomerCreditAllocated', 'CustomerCreditAllocated', e.metadata.correlationId]);
    expect([thresholdHolds(threshold, before), thresholdHolds(threshold, { deposited, allocated })]).toEqual([false, true]);
    expect([e.data.deposited, e.data.allocated, e.data.available]).toEqual([deposited.toString(), allocated.toString(), (deposited - allocated).toString()]);
    crossings.push(threshold);
  }
  return crossings;
}

describe.each([
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
] as const)('Credit alerts over HTTP (%s store)', (storeKind, available) => {
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

  const deposit = (partnerId: string, amount: string, reference: string) => t.request('POST', `/v1/partners/${partnerId}/credit-deposits`, { token: service, body: { amount, currency: 'VND', reference } });
  const allocate = (partner: { partnerId: string; token: string }, accountId: string, amount: string) =>
    t.request('POST', `/v1/partners/${partner.partnerId}/customers/${accountId}/credit-allocations`, { token: partner.token, body: { amount, currency: 'VND' } });
  const setThresholds = (partner: { partnerId: string; token: string }, thresholds: unknown, token = partner.token) => t.request('PUT', `/v1/partners/${partner.partnerId}/credit/thresholds`, { token, body: { thresholds } });
  const dashboard = async (partner: { partnerId: string; token: string }, position: string) => (await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard?minPosition=${position}`, { token: partner.token })).body;
  const highest = (answers: Array<{ body: { position?: string } }>) => answers.map((a) => BigInt(a.body.position ?? '0')).reduce((x, y) => (y > x ? y : x), 0n).toString();

  it('refuses bad thresholds with stable codes, and only the partner sets its own', async () => {
    const partner = await approvedPartner(t);
    for (const [thresholds, status, code] of [
      [[{ usedPercent: '70' }], 400, 'VALIDATION_FAILED'],
      [[{ usedPercent: 70, colour: 'red' }], 400, 'VALIDATION_FAILED'],
      [[70], 400, 'VALIDATION_FAILED'],
      [[{ availableBelow: 5000000 }], 400, 'VALIDATION_FAILED'],
      [[null], 400, 'VALIDATION_FAILED'],
      [[[]], 400, 'VALIDATION_FAILED'],
      ['70', 400, 'VALIDATION_FAILED'],
      [[{ usedPercent: 1e21 }], 400, 'INVALID_THRESHOLD'],
      [[{ usedPercent: null }], 400, 'INVALID_THRESHOLD'],
      [[{ availableBelow: '1.5' }], 400, 'INVALID_AMOUNT'],
      [[{ availableBelow: '0' }], 400, 'INVALID_THRESHOLD'],
      [[{ usedPercent: 0 }], 400, 'INVALID_THRESHOLD'],
      [[{ usedPercent: 101 }], 400, 'INVALID_THRESHOLD'],
      [[{}], 400, 'INVALID_THRESHOLD'],
      [[{ usedPercent: 70, availableBelow: '5' }], 400, 'INVALID_THRESHOLD'],
      [[{ usedPercent: 70 }, { usedPercent: 70 }], 400, 'DUPLICATE_THRESHOLD'],
      [Array.from({ length: 11 }, (_, i) => ({ usedPercent: i + 1 })), 400, 'TOO_MANY_THRESHOLDS'],
    ] as const) {
      const r = await setThresholds(partner, thresholds);
      expect([thresholds, r.status, r.body.code]).toEqual([thresholds, status, code]);
    }
    const other = await approvedPartner(t);
    expect((await setThresholds(partner, [{ usedPercent: 70 }], other.token)).status).toBe(403);
    expect((await setThresholds(partner, [{ usedPercent: 70 }], service)).status).toBe(403);
    expect((await store.readStream(`credit-${partner.partnerId}`)).map((e) => e.type)).toEqual([]);
  });

  it('shows the thresholds and which are crossed; the same set again adds nothing, an empty list clears them', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    await deposit(partner.partnerId, '10000000', 'PAY-SHOW');
    const set = await setThresholds(partner, [{ usedPercent: 85 }, { availableBelow: '2000000' }, { usedPercent: 70 }]);
    expect(set.status).toBe(200);
    const again = await setThresholds(partner, [{ usedPercent: 70 }, { usedPercent: 85 }, { availableBelow: '2000000' }]);
    expect([again.status, again.body.position]).toEqual([200, set.body.position]);
    const a = await allocate(partner, customer.accountId, '7500000');
    expect((await dashboard(partner, a.body.position)).credit).toEqual({
      currency: 'VND',
      deposited: '10000000',
      allocated: '7500000',
      available: '2500000',
      thresholds: [
        { usedPercent: 70, crossed: true },
        { usedPercent: 85, crossed: false },
        { availableBelow: '2000000', crossed: false },
      ],
    });
    const cleared = await setThresholds(partner, []);
    expect((await dashboard(partner, cleared.body.position)).credit.thresholds).toEqual([]);
    const types = (await store.readStream(`credit-${partner.partnerId}`)).map((e) => e.type);
    expect(types).toEqual(['PartnerCreditDeposited', 'PartnerCreditThresholdsSet', 'CustomerCreditAllocated', 'PartnerCreditThresholdCrossed', 'PartnerCreditThresholdsSet']);
  });

  it('alerts exactly once per threshold crossed by 20 concurrent allocations, again after the pool came back, and mails each alert once', async () => {
    const partner = await approvedPartner(t, 'vi');
    const customers = await Promise.all([1, 2, 3].map(() => approvedCustomer(t, partner)));
    await deposit(partner.partnerId, '10000000', 'PAY-ALERTS');
    const thresholds = [{ usedPercent: 70 }, { usedPercent: 85 }, { availableBelow: '2000000' }];
    expect((await setThresholds(partner, thresholds)).status).toBe(200);

    /** 20 allocations of 1,000,000 at once; `needed` of them take the pool to 90 %: past all three thresholds (an honest failure if conflicts kept more out). */
    const round = async (needed: number) => {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => allocate(partner, customers[i % 3].accountId, '1000000')));
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused.every((a) => (a.status === 422 && a.body.code === 'INSUFFICIENT_CREDIT') || (a.status === 409 && a.body.code === 'CONCURRENCY_CONFLICT'))).toBe(true);
      expect(answers.length - refused.length).toBeGreaterThanOrEqual(needed);
      return highest(answers);
    };
    const first = await round(9);
    expect(crossingsOf(await store.readStream(`credit-${partner.partnerId}`))).toEqual(thresholds);
    expect((await dashboard(partner, first)).credit.thresholds.map((s: { crossed: boolean }) => s.crossed)).toEqual([true, true, true]);

    // Back to 50 %: every threshold is armed again.
    let allocated = BigInt((await dashboard(partner, first)).credit.allocated);
    let last = first;
    for (const c of customers) {
      while (allocated > 5000000n) {
        const back = await allocate(partner, c.accountId, '-1000000');
        if (back.status !== 200) break;
        allocated -= 1000000n;
        last = back.body.position;
      }
    }
    expect(allocated).toBe(5000000n);
    expect((await dashboard(partner, last)).credit.thresholds.map((s: { crossed: boolean }) => s.crossed)).toEqual([false, false, false]);

    const second = await round(4);
    const events = await store.readStream(`credit-${partner.partnerId}`);
    expect(crossingsOf(events)).toEqual([...thresholds, ...thresholds]);

    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(second));
    const mails = await sql<{ event_id: string; recipient: string; language: string; mail_values: Record<string, string> }>`
      select event_id, recipient, language, mail_values from mail_outbox where kind = 'partner_credit_threshold_crossed' and recipient = ${`contact-${partner.account.email}`}`.execute(t.app.get<Database>(DATABASE).db);
    const alerts = events.filter((e) => e.type === 'PartnerCreditThresholdCrossed');
    expect(mails.rows.map((m) => m.event_id).sort()).toEqual(alerts.map((e) => e.eventId).sort());
    expect(new Set(mails.rows.map((m) => m.language))).toEqual(new Set(['vi']));
    const byEvent = new Map(mails.rows.map((m) => [m.event_id, m.mail_values]));
    for (const e of alerts) {
      const threshold = e.data.threshold as unknown as Threshold;
      expect(byEvent.get(e.eventId)).toMatchObject({
        ...('usedPercent' in threshold ? { thresholdUsedPercent: String(threshold.usedPercent) } : { thresholdAvailableBelow: threshold.availableBelow }),
        allocated: String(e.data.allocated),
        available: String(e.data.available),
        currency: 'VND',
      });
    }
  });
});
