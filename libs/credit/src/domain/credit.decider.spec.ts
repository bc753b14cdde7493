import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { creditDecider, CreditContext, revenueDecider } from './credit.decider';
import { CustomerCreditAllocated, CustomerRevenueRecorded, PartnerCreditDeposited } from './credit.events';

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
