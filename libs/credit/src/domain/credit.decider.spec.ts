import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { creditDecider, CreditContext, revenueDecider } from './credit.decider';
import { CreditEvent, CreditThreshold, CustomerCreditAllocated, CustomerRevenueRecorded, PartnerCreditDeposited, PartnerCreditThresholdCrossed, PartnerCreditThresholdsSet } from './credit.events';

const now = new Date('2026-11-23T03:00:00Z');
const ctx: CreditContext = { now, partnerOperating: true, customerApproved: true };
const deposited: PartnerCreditDeposited = { type: 'PartnerCreditDeposited', data: { partnerId: 'p', amount: '50000000', currency: 'VND', reference: 'PAY-1', depositedAt: now.toISOString() } };
const allocated: CustomerCreditAllocated = {
  type: 'CustomerCreditAllocated',
  data: { partnerId: 'p', accountId: 'c', amount: '20000000', currency: 'VND', allocatedAt: now.toISOString(), customerBalance: '20000000', available: '30000000' },
};
const allocate = (amount: bigint, accountId = 'c') => ({ type: 'AllocateCustomerCredit' as const, partnerId: 'p', accountId, amount, currency: 'VND' });

describe('creditDecider', () => {
  const spec = deciderSpec(creditDecider, ctx);

  it('deposits into the pool', () => {
    spec.given([]).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 50000000n, currency: 'VND', reference: 'PAY-1' }).then([deposited]);
  });

  it('counts a payment reference once, and refuses it with another amount', () => {
    spec.given([deposited]).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 50000000n, currency: 'VND', reference: 'PAY-1' }).then([]);
    spec.given([deposited]).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 1n, currency: 'VND', reference: 'PAY-1' }).thenThrows('DEPOSIT_REFERENCE_CONFLICT');
  });

  it('refuses a deposit of zero or less', () => {
    spec.given([]).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 0n, currency: 'VND', reference: 'PAY-0' }).thenThrows('INVALID_AMOUNT');
  });

  it('takes deposits only for a partner that is approved, in assessment or suspended', () => {
    const deposit = { type: 'DepositPartnerCredit' as const, partnerId: 'p', amount: 5n, currency: 'VND', reference: 'PAY-5' };
    spec.given([]).when(deposit, { now, partnerStatus: 'none' }).thenThrows('PARTNER_NOT_FOUND');
    for (const status of ['pending_approval', 'rejected', 'terminated'] as const) spec.given([]).when(deposit, { now, partnerStatus: status }).thenThrows('PARTNER_NOT_ACTIVE');
    for (const status of ['approved', 'in_assessment', 'suspended'] as const) spec.given([]).when(deposit, { now, partnerStatus: status }).then([{ ...deposited, data: { ...deposited.data, amount: '5', reference: 'PAY-5' } }]);
  });

  it('allocates from the pool to an approved customer, recording the balances after it', () => {
    spec.given([deposited]).when(allocate(20000000n)).then([allocated]);
  });

  it('refuses more than the pool holds', () => {
    spec.given([deposited, allocated]).when(allocate(30000001n, 'd')).thenThrows('INSUFFICIENT_CREDIT', { available: '30000000' });
    spec.given([deposited, allocated]).when(allocate(30000000n, 'd')).thenState((s) => expect(s.deposited - s.allocated).toBe(0n));
  });

  it('reclaims with a negative amount, never below the customer\'s balance', () => {
    spec.given([deposited, allocated]).when(allocate(-20000001n)).thenThrows('INSUFFICIENT_CREDIT', { customerBalance: '20000000' });
    spec.given([deposited, allocated]).when(allocate(-5000000n)).thenState((s) => {
      expect(s.balances.get('c')).toBe(15000000n);
      expect(s.deposited - s.allocated).toBe(35000000n);
    });
  });

  it('refuses a partner that does not operate, and a customer not approved (but lets credit come back from one)', () => {
    spec.given([deposited]).when(allocate(1n), { ...ctx, partnerOperating: false }).thenThrows('PARTNER_NOT_ACTIVE');
    spec.given([deposited]).when(allocate(1n), { ...ctx, customerApproved: false }).thenThrows('CUSTOMER_NOT_APPROVED');
    spec.given([deposited, allocated]).when(allocate(-1n), { ...ctx, customerApproved: false }).thenState((s) => expect(s.balances.get('c')).toBe(19999999n));
  });

  it('treats ids named like Object.prototype members as any other id', () => {
    spec.given([]).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 5n, currency: 'VND', reference: 'constructor' }).thenState((s) => expect(s.deposits.get('constructor')).toBe(5n));
    spec
      .given([deposited])
      .when(allocate(100n, 'valueOf'))
      .thenState((s, events) => {
        expect(s.balances.get('valueOf')).toBe(100n);
        expect(events[0].data).toMatchObject({ customerBalance: '100' });
      });
  });

  it('refuses an allocation of zero', () => {
    spec.given([deposited]).when(allocate(0n)).thenThrows('INVALID_AMOUNT');
  });
});

describe('creditDecider: credit alert thresholds (issue 18)', () => {
  const spec = deciderSpec(creditDecider, ctx);
  const at = now.toISOString();
  const pool: PartnerCreditDeposited = { type: 'PartnerCreditDeposited', data: { partnerId: 'p', amount: '100000000', currency: 'VND', reference: 'PAY-1', depositedAt: at } };
  const set = (...thresholds: Array<{ usedPercent?: number; availableBelow?: bigint }>) => ({ type: 'SetPartnerCreditThresholds' as const, partnerId: 'p', thresholds, currency: 'VND' });
  const thresholdsSet = (...thresholds: CreditThreshold[]): PartnerCreditThresholdsSet => ({ type: 'PartnerCreditThresholdsSet', data: { partnerId: 'p', thresholds, currency: 'VND', setAt: at } });
  const watched = thresholdsSet({ usedPercent: 70 }, { usedPercent: 85 });
  /** Folds the events as the stream would: the decision's events after the given ones. */
  const after = (given: CreditEvent[], ...commands: Parameters<typeof creditDecider.decide>[0][]) => {
    const events = [...given];
    for (const command of commands) events.push(...creditDecider.decide(command, events.reduce(creditDecider.evolve, creditDecider.initialState), ctx));
    return events;
  };
  const alerts = (events: CreditEvent[]) => events.filter((e): e is PartnerCreditThresholdCrossed => e.type === 'PartnerCreditThresholdCrossed').map((e) => e.data.threshold);
  const crossed = (threshold: CreditThreshold, used: bigint, cause = 'CustomerCreditAllocated'): PartnerCreditThresholdCrossed => ({
    type: 'PartnerCreditThresholdCrossed',
    data: { partnerId: 'p', threshold, usedBasisPoints: Number((used * 10000n) / 100000000n), available: (100000000n - used).toString(), deposited: '100000000', allocated: used.toString(), currency: 'VND', crossedAt: at, cause },
  });
  const allocation = (amount: bigint, before: bigint): CustomerCreditAllocated => ({
    type: 'CustomerCreditAllocated',
    data: { partnerId: 'p', accountId: 'c', amount: amount.toString(), currency: 'VND', allocatedAt: at, customerBalance: (before + amount).toString(), available: (100000000n - before - amount).toString() },
  });

  it('sets thresholds in crossing order, and the same set again (in any order) is a no-op', () => {
    spec.given([pool]).when(set({ usedPercent: 85 }, { availableBelow: 1000n }, { usedPercent: 70 }, { availableBelow: 5000000n })).then([thresholdsSet({ usedPercent: 70 }, { usedPercent: 85 }, { availableBelow: '5000000' }, { availableBelow: '1000' })]);
    spec.given([pool, watched]).when(set({ usedPercent: 85 }, { usedPercent: 70 })).then([]);
  });

  it('alerts with the allocation that crosses 70 %, then with the one that crosses 85 %, in the same append', () => {
    spec.given([pool, watched]).when(allocate(69999999n)).then([allocation(69999999n, 0n)]);
    spec.given([pool, watched, allocation(69999999n, 0n)]).when(allocate(1n)).then([allocation(1n, 69999999n), crossed({ usedPercent: 70 }, 70000000n)]);
    const events = after([pool, watched], allocate(70000000n), allocate(10000000n), allocate(5000000n));
    expect(events.slice(2).map((e) => e.type)).toEqual(['CustomerCreditAllocated', 'PartnerCreditThresholdCrossed', 'CustomerCreditAllocated', 'CustomerCreditAllocated', 'PartnerCreditThresholdCrossed']);
    expect(events[events.length - 1]).toEqual(crossed({ usedPercent: 85 }, 85000000n));
  });

  it('alerts once for each threshold one allocation crosses at once', () => {
    spec.given([pool, watched]).when(allocate(90000000n)).then([allocation(90000000n, 0n), crossed({ usedPercent: 70 }, 90000000n), crossed({ usedPercent: 85 }, 90000000n)]);
  });

  it('never alerts twice while the pool stays past a threshold', () => {
    const events = after([pool, watched], allocate(75000000n), allocate(1000000n), allocate(-1000000n), allocate(2000000n));
    expect(alerts(events)).toEqual([{ usedPercent: 70 }]);
    spec.given(events).when(allocate(1n)).then([allocation(1n, 77000000n)]);
  });

  it('alerts again after the pool came back below a threshold, by a deposit or a reclaim', () => {
    const byDeposit = after([pool, watched], allocate(75000000n), { type: 'DepositPartnerCredit', partnerId: 'p', amount: 20000000n, currency: 'VND', reference: 'PAY-2' });
    spec.given(byDeposit).when(allocate(1n)).thenState((s) => expect([...s.crossed]).toEqual([]));
    // 75 of 120 is 62.5 %: 84 of 120 is 70 % again.
    expect(alerts(after(byDeposit, allocate(9000000n)))).toEqual([{ usedPercent: 70 }, { usedPercent: 70 }]);
    const byReclaim = after([pool, watched], allocate(75000000n), allocate(-10000000n), allocate(10000000n));
    expect(alerts(byReclaim)).toEqual([{ usedPercent: 70 }, { usedPercent: 70 }]);
  });

  it('alerts when less than availableBelow is left, not when exactly that much is', () => {
    const below = thresholdsSet({ availableBelow: '5000000' });
    spec.given([pool, below]).when(allocate(95000000n)).then([allocation(95000000n, 0n)]);
    spec.given([pool, below]).when(allocate(95000001n)).then([allocation(95000001n, 0n), crossed({ availableBelow: '5000000' }, 95000001n)]);
  });

  it('alerts at once for a threshold the pool is already past when it is set, and not before the first deposit', () => {
    spec.given([pool, allocation(80000000n, 0n)]).when(set({ usedPercent: 70 }, { usedPercent: 85 })).then([watched, crossed({ usedPercent: 70 }, 80000000n, 'PartnerCreditThresholdsSet')]);
    spec.given([]).when(set({ availableBelow: 5000000n }, { usedPercent: 1 })).thenState((s, events) => {
      expect(events.map((e) => e.type)).toEqual(['PartnerCreditThresholdsSet']);
      expect(s.crossed.size).toBe(0);
    });
  });

  it('alerts with a first deposit smaller than an availableBelow threshold set before it', () => {
    const early = after([], set({ availableBelow: 5000000n }));
    spec.given(early).when({ type: 'DepositPartnerCredit', partnerId: 'p', amount: 1000000n, currency: 'VND', reference: 'PAY-S' }).thenState((_s, events) => {
      expect(events.map((e) => [e.type, e.type === 'PartnerCreditThresholdCrossed' ? e.data.cause : null])).toEqual([['PartnerCreditDeposited', null], ['PartnerCreditThresholdCrossed', 'PartnerCreditDeposited']]);
    });
  });

  it('keeps a threshold that stays in a new list crossed, and alerts only for the new ones already past', () => {
    const past70 = after([pool, watched], allocate(80000000n));
    spec.given(past70).when(set({ usedPercent: 70 }, { usedPercent: 75 })).then([thresholdsSet({ usedPercent: 70 }, { usedPercent: 75 }), crossed({ usedPercent: 75 }, 80000000n, 'PartnerCreditThresholdsSet')]);
  });

  it('clears the thresholds with an empty list, and then alerts no more', () => {
    spec.given([pool, watched]).when(set()).then([thresholdsSet()]);
    spec.given([pool, watched, thresholdsSet()]).when(allocate(90000000n)).then([allocation(90000000n, 0n)]);
    spec.given([pool]).when(set()).then([]);
  });

  it('refuses a threshold that is not exactly one whole percent from 1 to 100 or one amount above zero, a duplicate, and more than ten', () => {
    for (const bad of [{}, { usedPercent: 70, availableBelow: 1n }, { usedPercent: 0 }, { usedPercent: 101 }, { usedPercent: 70.5 }, { availableBelow: 0n }, { availableBelow: -1n }]) {
      spec.given([pool]).when(set(bad)).thenThrows('INVALID_THRESHOLD', { index: 0 });
    }
    spec.given([pool]).when(set({ usedPercent: 70 }, { usedPercent: 100 })).then([thresholdsSet({ usedPercent: 70 }, { usedPercent: 100 })]);
    spec.given([pool]).when(set({ usedPercent: 70 }, { availableBelow: 5n }, { usedPercent: 70 })).thenThrows('DUPLICATE_THRESHOLD', { index: 2 });
    spec.given([pool]).when(set({ availableBelow: 5n }, { availableBelow: 5n })).thenThrows('DUPLICATE_THRESHOLD');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ usedPercent: i + 1 }));
    spec.given([pool]).when(set(...eleven)).thenThrows('TOO_MANY_THRESHOLDS', { max: 10 });
    spec.given([pool]).when(set(...eleven.slice(0, 10))).thenState((s) => expect(s.thresholds).toHaveLength(10));
    spec.given([]).when(set({ usedPercent: 70 }), { now, partnerStatus: 'none' }).thenThrows('PARTNER_NOT_FOUND');
  });
});

describe('revenueDecider', () => {
  const record = { type: 'RecordCustomerRevenue' as const, partnerId: 'p', accountId: 'c', period: '2026-11', amount: 3250000n, currency: 'VND', billingReference: 'INV-77', relationships: [{ partnerId: 'p', from: '2026-10', to: null }] };
  const recorded: CustomerRevenueRecorded = {
    type: 'CustomerRevenueRecorded',
    data: { partnerId: 'p', accountId: 'c', period: '2026-11', amount: '3250000', currency: 'VND', billingReference: 'INV-77', recordedAt: '2026-12-02T03:00:00.000Z' },
  };
  // 2 December 2026 in Hanoi: December is this month, January has not begun.
  const spec = deciderSpec(revenueDecider, { now: new Date('2026-12-02T03:00:00Z'), timeZone: 'Asia/Ho_Chi_Minh' });

  it('records revenue once per billing reference', () => {
    spec.given([]).when(record).then([recorded]);
    spec.given([recorded]).when(record).then([]);
  });

  it('records the price list version billed where billing names one, as part of its content (issue 17)', () => {
    const named = { ...record, priceList: { id: 'vngcloud-standard', version: 2, exists: true, currency: 'VND' } };
    const withList: CustomerRevenueRecorded = { ...recorded, data: { ...recorded.data, priceListId: 'vngcloud-standard', priceListVersion: 2 } };
    spec.given([]).when(named).then([withList]);
    spec.given([withList]).when(named).then([]);
    spec.given([withList]).when({ ...named, priceList: { ...named.priceList, version: 1 } }).thenThrows('BILLING_REFERENCE_CONFLICT');
    spec.given([recorded]).when(named).thenThrows('BILLING_REFERENCE_CONFLICT');
  });

  it('refuses a price list version never published', () => {
    spec.given([]).when({ ...record, priceList: { id: 'vngcloud-standard', version: 9, exists: false, currency: 'VND' } }).thenThrows('PRICE_LIST_NOT_FOUND');
    spec.given([]).when({ ...record, priceList: { id: 'nope', version: 1, exists: false, currency: null } }).thenThrows('PRICE_LIST_NOT_FOUND');
  });

  it("refuses a price list version in another currency than the revenue's, naming the list's", () => {
    spec.given([]).when({ ...record, priceList: { id: 'vngcloud-intl', version: 1, exists: true, currency: 'USD' } }).thenThrows('CURRENCY_MISMATCH', { currency: 'USD' });
  });

  it('refuses the same reference with other content', () => {
    spec.given([recorded]).when({ ...record, amount: 1n }).thenThrows('BILLING_REFERENCE_CONFLICT');
    spec.given([recorded]).when({ ...record, period: '2026-12' }).thenThrows('BILLING_REFERENCE_CONFLICT');
  });

  it('refuses revenue of an account that is not the partner\'s customer, and a negative amount', () => {
    spec.given([]).when({ ...record, relationships: [] }).thenThrows('CUSTOMER_NOT_APPROVED');
    spec.given([]).when({ ...record, relationships: [{ partnerId: 'other', from: '2026-10', to: null }] }).thenThrows('CUSTOMER_NOT_APPROVED');
    spec.given([]).when({ ...record, amount: -1n }).thenThrows('INVALID_AMOUNT');
  });

  it('counts a month from the month of approval to the month the relationship ended, or to this month while it lasts', () => {
    const ended = [{ partnerId: 'p', from: '2026-09', to: '2026-10' }];
    spec.given([]).when({ ...record, period: '2026-08', relationships: ended }).thenThrows('CUSTOMER_NOT_APPROVED');
    spec.given([]).when({ ...record, period: '2026-11', relationships: ended }).thenThrows('CUSTOMER_NOT_APPROVED');
    spec.given([]).when({ ...record, period: '2026-09', relationships: ended }).then([{ ...recorded, data: { ...recorded.data, period: '2026-09' } }]);
    spec.given([]).when({ ...record, period: '2026-12' }).then([{ ...recorded, data: { ...recorded.data, period: '2026-12' } }]);
  });

  it('refuses a month that has not begun with its own code, not as a missing customer (issue 12)', () => {
    spec.given([]).when({ ...record, period: '2027-01' }).thenThrows('PERIOD_IN_FUTURE');
    spec.given([]).when({ ...record, period: '2027-01', relationships: [] }).thenThrows('PERIOD_IN_FUTURE');
  });
});
