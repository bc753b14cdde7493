import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { TEST_NOW } from '@pp/platform/testing/builders';
import { aCustomer } from '../testing/customer.builder';
import { CustomerCommand, customerDecider, CustomerContext, InviteeFacts, priceListInEffect } from './customer.decider';

const now = TEST_NOW;
const context: CustomerContext = { now, invitationLifetimeDays: 7, discountCapBasisPoints: 2000, monthOf: (at) => at.toISOString().slice(0, 7), approvalDueAt: () => new Date('2026-11-26T16:59:59.999Z'), invitee: { exists: true, isPartner: false, billing: 'prepaid', standing: null } };
const eligible: InviteeFacts = { exists: true, isPartner: false, billing: 'prepaid', standing: null };
const customer = aCustomer({ commonName: 'Minh Phát', role: 'partner', tokenHash: 'h1' });
const { ids } = customer;
const invite: CustomerCommand = { type: 'AddCustomer', ...ids, email: customer.invitation.email, commonName: 'Minh Phát', role: 'partner', tokenHash: 'h1' };
const [invited, confirmed, approved] = customer
  .invited({ at: now, expiresAt: '2026-11-30T03:00:00.000Z' })
  .confirmed({ at: now, requiresApproval: true, approvalDueAt: '2026-11-26T16:59:59.999Z' })
  .approved({ at: now, automatic: false })
  .events();
const standing = { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false };

describe('customerDecider', () => {
  const spec = deciderSpec(customerDecider, context);

  describe('AddCustomer', () => {
    it('invites an eligible account, expiring after the invitation lifetime', () => {
      spec.given([]).when(invite).then([invited]);
    });

    it.each<[string, Partial<InviteeFacts>]>([
      ['ACCOUNT_NOT_FOUND', { exists: false, billing: null }],
      ['ACCOUNT_IS_PARTNER', { isPartner: true }],
      ['ACCOUNT_NOT_PREPAID', { billing: 'postpaid' }],
      ['ACCOUNT_HAS_CREDIT', { standing: { ...standing, creditBalance: '2000000' } }],
      ['ACCOUNT_USING_SERVICES', { standing: { ...standing, usesServices: true } }],
      ['ACCOUNT_HAS_DISCOUNT', { standing: { ...standing, hasDiscount: true } }],
      ['ACCOUNT_ON_POC', { standing: { ...standing, onPoc: true } }],
    ])('refuses with %s', (code, facts) => {
      spec.given([]).when(invite, { ...context, invitee: { ...eligible, ...facts } }).thenThrows(code);
    });

    it('refuses an account invited or linked by a partner, the same one included', () => {
      spec.given([invited]).when({ ...invite, partnerId: 'other-partner' } as CustomerCommand).thenThrows('CUSTOMER_ALREADY_LINKED');
      spec.given([invited]).when(invite).thenThrows('CUSTOMER_ALREADY_LINKED');
      spec.given([invited, confirmed, approved]).when({ ...invite, partnerId: 'other-partner' } as CustomerCommand).thenThrows('CUSTOMER_ALREADY_LINKED');
    });

    it('lets another partner invite the account once the relationship is over', () => {
      const declined = { type: 'CustomerInvitationDeclined' as const, data: { ...ids, declinedAt: now.toISOString() } };
      spec.given([invited, declined]).when({ ...invite, partnerId: 'other-partner', invitationId: 'inv-2' } as CustomerCommand).thenState((s) => expect(s.status).toBe('invited'));
      const ended = { type: 'CustomerRelationshipEnded' as const, data: { ...ids, endedAt: now.toISOString(), reason: 'moved', endedBy: 'partner' } };
      spec.given([invited, confirmed, approved, ended]).when({ ...invite, invitationId: 'inv-2' } as CustomerCommand).thenState((s) => expect(s.status).toBe('invited'));
    });
  });

  describe('ConfirmCustomer and DeclineCustomerInvitation', () => {
    it('puts a confirmed customer who is not yet the provider\'s customer in the approval queue', () => {
      spec.given([invited]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'h1', isProviderCustomer: false }).then([confirmed]);
    });

    it('approves an existing provider customer at once', () => {
      spec
        .given([invited])
        .when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'h1', isProviderCustomer: true })
        .thenState((s, events) => {
          expect(events.map((e) => e.type)).toEqual(['CustomerInvitationConfirmed', 'CustomerApproved']);
          expect(s.status).toBe('approved');
        });
    });

    it('refuses a wrong token, a used token and no invitation with INVITATION_TOKEN_INVALID', () => {
      spec.given([invited]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'nope', isProviderCustomer: false }).thenThrows('INVITATION_TOKEN_INVALID');
      spec.given([invited, confirmed]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'h1', isProviderCustomer: false }).thenThrows('INVITATION_TOKEN_INVALID');
      spec.given([]).when({ type: 'DeclineCustomerInvitation', accountId: ids.accountId, tokenHash: 'h1' }).thenThrows('INVITATION_TOKEN_INVALID');
    });

    it('refuses an expired invitation with INVITATION_EXPIRED', () => {
      const late = { ...context, now: new Date('2026-11-30T03:00:00.000Z') };
      spec.given([invited]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'h1', isProviderCustomer: false }, late).thenThrows('INVITATION_EXPIRED');
      spec.given([invited]).when({ type: 'DeclineCustomerInvitation', accountId: ids.accountId, tokenHash: 'h1' }, late).thenThrows('INVITATION_EXPIRED');
      const expired = { type: 'CustomerInvitationExpired' as const, data: { ...ids, expiredAt: late.now.toISOString() } };
      spec.given([invited, expired]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'h1', isProviderCustomer: false }, late).thenThrows('INVITATION_EXPIRED');
      spec.given([invited, expired]).when({ type: 'ConfirmCustomer', accountId: ids.accountId, tokenHash: 'other', isProviderCustomer: false }, late).thenThrows('INVITATION_TOKEN_INVALID');
    });

    it('declines with the token', () => {
      spec.given([invited]).when({ type: 'DeclineCustomerInvitation', accountId: ids.accountId, tokenHash: 'h1' }).then([{ type: 'CustomerInvitationDeclined', data: { ...ids, declinedAt: now.toISOString() } }]);
    });
  });

  describe('CancelCustomerInvitation and ExpireCustomerInvitation', () => {
    it('lets the inviting partner cancel an open invitation', () => {
      spec
        .given([invited])
        .when({ type: 'CancelCustomerInvitation', accountId: ids.accountId, partnerId: ids.partnerId, reason: null })
        .then([{ type: 'CustomerInvitationCancelled', data: { ...ids, cancelledAt: now.toISOString(), reason: null } }]);
    });

    it('refuses another partner (404) and an invitation already answered (409)', () => {
      spec.given([invited]).when({ type: 'CancelCustomerInvitation', accountId: ids.accountId, partnerId: 'other', reason: null }).thenThrows('CUSTOMER_NOT_FOUND');
      spec.given([invited, confirmed]).when({ type: 'CancelCustomerInvitation', accountId: ids.accountId, partnerId: ids.partnerId, reason: null }).thenThrows('INVITATION_NOT_OPEN');
    });

    it('lets a reviewer withdraw an open invitation through RemoveCustomer, as the partner may (issue 12)', () => {
      const cancelled = { type: 'CustomerInvitationCancelled' as const, data: { ...ids, cancelledAt: now.toISOString(), reason: 'hồ sơ giả mạo' } };
      spec.given([invited]).when({ type: 'RemoveCustomer', accountId: ids.accountId, partnerId: ids.partnerId, reason: 'hồ sơ giả mạo', by: { role: 'reviewer', id: 'staff' } }).then([cancelled]);
      spec.given([invited]).when({ type: 'RemoveCustomer', accountId: ids.accountId, partnerId: ids.partnerId, reason: 'hồ sơ giả mạo', by: { role: 'partner', id: 'p' } }).then([cancelled]);
    });

    it('withdraws the open invitation of a partner that may no longer add customers, and does nothing once it is closed', () => {
      const withdraw: CustomerCommand = { type: 'WithdrawCustomerInvitation', accountId: ids.accountId, invitationId: ids.invitationId, reason: 'partner terminated' };
      spec.given([invited]).when(withdraw).then([{ type: 'CustomerInvitationCancelled', data: { ...ids, cancelledAt: now.toISOString(), reason: 'partner terminated' } }]);
      spec.given([invited, confirmed]).when(withdraw).then([]);
      spec.given([invited, { type: 'CustomerInvitationCancelled', data: { ...ids, cancelledAt: now.toISOString(), reason: null } }]).when(withdraw).then([]);
      spec.given([invited]).when({ ...withdraw, invitationId: 'older' } as CustomerCommand).then([]);
    });

    it('expires an open invitation once its time has come, and does nothing otherwise', () => {
      const expire: CustomerCommand = { type: 'ExpireCustomerInvitation', accountId: ids.accountId, invitationId: ids.invitationId };
      spec.given([invited]).when(expire).then([]);
      const late = { ...context, now: new Date('2026-11-30T03:00:00.000Z') };
      spec.given([invited]).when(expire, late).then([{ type: 'CustomerInvitationExpired', data: { ...ids, expiredAt: late.now.toISOString() } }]);
      spec.given([invited, confirmed]).when(expire, late).then([]);
      spec.given([invited]).when({ ...expire, invitationId: 'older' } as CustomerCommand, late).then([]);
    });
  });

  describe('ApproveCustomer, RejectCustomer, EndCustomerRelationship', () => {
    it('approves and rejects only a customer pending approval', () => {
      spec.given([invited, confirmed]).when({ type: 'ApproveCustomer', accountId: ids.accountId }).then([approved]);
      spec.given([invited]).when({ type: 'ApproveCustomer', accountId: ids.accountId }).thenThrows('CUSTOMER_NOT_PENDING');
      spec.given([]).when({ type: 'ApproveCustomer', accountId: ids.accountId }).thenThrows('CUSTOMER_NOT_FOUND');
      spec
        .given([invited, confirmed])
        .when({ type: 'RejectCustomer', accountId: ids.accountId, reason: 'fraud check' })
        .then([{ type: 'CustomerRejected', data: { ...ids, rejectedAt: now.toISOString(), reason: 'fraud check' } }]);
      spec.given([invited, confirmed]).when({ type: 'RejectCustomer', accountId: ids.accountId, reason: ' ' }).thenThrows('REASON_REQUIRED');
    });

    it('ends an approved relationship, freeing the account', () => {
      spec
        .given([invited, confirmed, approved])
        .when({ type: 'EndCustomerRelationship', accountId: ids.accountId, partnerId: ids.partnerId, reason: 'contract over', endedBy: 'partner' })
        .thenState((s) => expect(s.status).toBe('ended'));
      spec.given([invited, confirmed, approved]).when({ type: 'EndCustomerRelationship', accountId: ids.accountId, partnerId: 'other', reason: 'x', endedBy: 'partner' }).thenThrows('CUSTOMER_NOT_FOUND');
      spec.given([invited]).when({ type: 'EndCustomerRelationship', accountId: ids.accountId, partnerId: null, reason: 'x', endedBy: 'reviewer' }).thenThrows('CUSTOMER_NOT_ACTIVE');
      spec.given([invited, confirmed, approved]).when({ type: 'EndCustomerRelationship', accountId: ids.accountId, partnerId: null, reason: '', endedBy: 'reviewer' }).thenThrows('REASON_REQUIRED');
    });
  });

  describe('SetCustomerDiscount', () => {
    const discount = { type: 'SetCustomerDiscount' as const, accountId: ids.accountId, partnerId: ids.partnerId, basisPoints: 500, effectiveMonth: '2027-06' };

    it('sets a discount for an approved customer and keeps every change', () => {
      spec
        .given([invited, confirmed, approved, { type: 'CustomerDiscountSet', data: { ...ids, basisPoints: 300, effectiveMonth: '2026-12', setAt: now.toISOString() } }])
        .when(discount)
        .thenState((s, events) => {
          expect(events).toEqual([{ type: 'CustomerDiscountSet', data: { ...ids, basisPoints: 500, effectiveMonth: '2027-06', setAt: now.toISOString() } }]);
          expect(s.status !== 'none' && s.discounts.map((d) => d.basisPoints)).toEqual([300, 500]);
        });
    });

    it('accepts the current month and exactly the cap', () => {
      spec.given([invited, confirmed, approved]).when({ ...discount, effectiveMonth: '2026-11', basisPoints: 2000 }).thenState((s) => expect(s.status).toBe('approved'));
    });

    it('refuses a customer not approved, or another partner\'s', () => {
      spec.given([invited]).when(discount).thenThrows('CUSTOMER_NOT_APPROVED');
      spec.given([invited, confirmed, approved]).when({ ...discount, partnerId: 'other' }).thenThrows('CUSTOMER_NOT_APPROVED');
    });

    it('refuses a month in the past and a discount above the program cap', () => {
      spec.given([invited, confirmed, approved]).when({ ...discount, effectiveMonth: '2026-10' }).thenThrows('EFFECTIVE_MONTH_IN_PAST');
      spec.given([invited, confirmed, approved]).when({ ...discount, basisPoints: 2001 }).thenThrows('DISCOUNT_ABOVE_CAP', { capPercent: '20' });
    });
  });

  describe('AssignCustomerPriceList', () => {
    const assign = { type: 'AssignCustomerPriceList' as const, accountId: ids.accountId, partnerId: ids.partnerId, priceListId: 'vngcloud-enterprise', effectiveMonth: '2026-12' };
    const ctx: CustomerContext = { ...context, currency: 'VND', priceList: { status: 'published', currency: 'VND' } };
    const assigned = (priceListId: string, effectiveMonth: string, assignedAt = now.toISOString()) => ({ type: 'CustomerPriceListAssigned' as const, data: { ...ids, priceListId, effectiveMonth, assignedAt } });

    it('assigns a published price list of the program currency to an approved customer, keeping every assignment', () => {
      spec
        .given([invited, confirmed, approved, assigned('vngcloud-standard', '2026-11')])
        .when(assign, ctx)
        .thenState((s, events) => {
          expect(events).toEqual([assigned('vngcloud-enterprise', '2026-12')]);
          expect(s.status !== 'none' && s.priceLists?.map((p) => p.priceListId)).toEqual(['vngcloud-standard', 'vngcloud-enterprise']);
        });
    });

    it('treats the same list from the same month as the latest assignment as a no-op', () => {
      spec.given([invited, confirmed, approved, assigned('vngcloud-enterprise', '2026-12')]).when(assign, ctx).then([]);
    });

    it('accepts the current month and refuses a month in the past', () => {
      spec.given([invited, confirmed, approved]).when({ ...assign, effectiveMonth: '2026-11' }, ctx).thenState((s) => expect(s.status !== 'none' && s.priceLists?.length).toBe(1));
      spec.given([invited, confirmed, approved]).when({ ...assign, effectiveMonth: '2026-10' }, ctx).thenThrows('EFFECTIVE_MONTH_IN_PAST');
    });

    it("refuses a customer not approved, or another partner's", () => {
      spec.given([invited, confirmed]).when(assign, ctx).thenThrows('CUSTOMER_NOT_APPROVED');
      spec.given([invited, confirmed, approved]).when({ ...assign, partnerId: 'other' }, ctx).thenThrows('CUSTOMER_NOT_APPROVED');
    });

    it('refuses a partner that does not operate', () => {
      spec.given([invited, confirmed, approved]).when(assign, { ...ctx, partnerOperating: false }).thenThrows('PARTNER_NOT_ACTIVE');
    });

    it('refuses a price list never published, a retired one, and one in another currency', () => {
      spec.given([invited, confirmed, approved]).when(assign, { ...ctx, priceList: { status: 'none', currency: null } }).thenThrows('PRICE_LIST_NOT_FOUND');
      spec.given([invited, confirmed, approved]).when(assign, { ...ctx, priceList: { status: 'retired', currency: 'VND' } }).thenThrows('PRICE_LIST_RETIRED');
      spec.given([invited, confirmed, approved]).when(assign, { ...ctx, priceList: { status: 'published', currency: 'USD' } }).thenThrows('CURRENCY_MISMATCH', { currency: 'VND' });
    });

    it('starts a new relationship with no price list assigned', () => {
      const again = aCustomer({ accountId: ids.accountId, partnerId: 'p2' }).invited({ at: now }).events();
      const state = [invited, confirmed, approved, assigned('vngcloud-enterprise', '2026-12'), ...again].reduce(customerDecider.evolve, customerDecider.initialState);
      expect(state.status !== 'none' && state.priceLists).toEqual([]);
    });

    it('bills by the last assignment in effect, and by the default where none is', () => {
      const state = [invited, confirmed, approved, assigned('a', '2027-03', '2026-11-23T03:00:00.000Z'), assigned('b', '2027-01', '2026-11-24T03:00:00.000Z')].reduce(customerDecider.evolve, customerDecider.initialState);
      expect(priceListInEffect(state, '2026-12', 'std')).toEqual({ priceListId: 'std', effectiveMonth: null, assignedAt: null, source: 'default' });
      expect(priceListInEffect(state, '2027-01', 'std')).toMatchObject({ priceListId: 'b', source: 'assigned' });
      expect(priceListInEffect(state, '2027-04', 'std')).toMatchObject({ priceListId: 'b', source: 'assigned' });
      expect(priceListInEffect([invited].reduce(customerDecider.evolve, customerDecider.initialState), '2027-04', 'std')).toBeNull();
    });
  });
});
