import { conflict, Decider, DomainError, forbidden, normalizeName, notFound, refuseAll, ruleViolation } from '@pp/platform';
import { CustomerEvent, CustomerInvited } from './customer.events';

/** States of a customer relationship (SPEC section 4). */
export type CustomerStatus = 'invited' | 'pending_approval' | 'approved' | 'declined' | 'cancelled' | 'expired' | 'rejected' | 'ended';

/** States in which the account belongs to a partner (invited or more). */
export const LINKED_STATUSES: readonly CustomerStatus[] = ['invited', 'pending_approval', 'approved'];

/** A time the account was an approved customer of a partner: from approval until the end (null: still). UTC ISO-8601. */
export interface RelationshipSpan {
  readonly partnerId: string;
  readonly from: string;
  readonly to: string | null;
}

/** State of a `customer-{accountId}` stream: its latest relationship, if any, and every approved span so far. */
export type CustomerState =
  | { readonly status: 'none'; readonly spans: readonly RelationshipSpan[] }
  | {
      readonly status: CustomerStatus;
      readonly spans: readonly RelationshipSpan[];
      readonly invitation: CustomerInvited['data'];
      readonly confirmedAt: string | null;
      readonly approvalDueAt: string | null;
      /** Every discount set in this relationship, oldest first. */
      readonly discounts: ReadonlyArray<{ readonly basisPoints: number; readonly effectiveMonth: string; readonly setAt: string }>;
      /** Every price list assigned in this relationship, oldest first; absent in states folded by code older than issue 17. */
      readonly priceLists?: readonly PriceListAssignment[];
    };

/** One AssignCustomerPriceList of a relationship: the price list from `effectiveMonth` (`YYYY-MM`) on; `assignedAt` UTC ISO-8601. */
export interface PriceListAssignment {
  readonly priceListId: string;
  readonly effectiveMonth: string;
  readonly assignedAt: string;
}

/** What AssignCustomerPriceList learns of the price list, from `price-list-{priceListId}`. */
export interface PriceListFacts {
  readonly status: 'none' | 'published' | 'retired';
  readonly currency: string | null;
}

/** What a partner may be told about the account it adds (from the account and partner streams). */
export interface InviteeFacts {
  readonly exists: boolean;
  /** The account is a partner (applying, approved, in assessment or suspended). */
  readonly isPartner: boolean;
  readonly billing: 'prepaid' | 'postpaid' | null;
  /** Billing standing; null when none was recorded (nothing to refuse for). */
  readonly standing: { readonly creditBalance: string; readonly usesServices: boolean; readonly hasDiscount: boolean; readonly onPoc: boolean } | null;
  /**
   * The account's e-mail as registered: the invitation is addressed to it, never to the partner's
   * spelling (`KATE@…`, a Kelvin sign, full-width letters, an IDN A-label), which only found the
   * account. Known whenever the account exists; absent in facts built before issue 12.
   */
  readonly email?: string;
}

/** Commands of the customer stream. Times come in; token hashes are computed outside. */
export type CustomerCommand =
  | {
      readonly type: 'AddCustomer';
      readonly accountId: string;
      readonly partnerId: string;
      readonly invitationId: string;
      readonly email: string;
      readonly commonName: string;
      readonly role: string;
      readonly tokenHash: string;
    }
  | { readonly type: 'ConfirmCustomer'; readonly accountId: string; readonly tokenHash: string; readonly isProviderCustomer: boolean }
  | { readonly type: 'DeclineCustomerInvitation'; readonly accountId: string; readonly tokenHash: string }
  | { readonly type: 'CancelCustomerInvitation'; readonly accountId: string; readonly partnerId: string; readonly reason: string | null }
  | { readonly type: 'ExpireCustomerInvitation'; readonly accountId: string; readonly invitationId: string }
  | {
      /** The provider withdraws an open invitation of a partner that may no longer add customers (suspended, terminated). */
      readonly type: 'WithdrawCustomerInvitation';
      readonly accountId: string;
      readonly invitationId: string;
      readonly reason: string;
    }
  | { readonly type: 'ApproveCustomer'; readonly accountId: string }
  | { readonly type: 'RejectCustomer'; readonly accountId: string; readonly reason: string }
  | { readonly type: 'EndCustomerRelationship'; readonly accountId: string; readonly partnerId: string | null; readonly reason: string; readonly endedBy: string }
  | {
      /** DELETE /v1/partners/{partnerId}/customers/{accountId}: cancel while invited, else end. */
      readonly type: 'RemoveCustomer';
      readonly accountId: string;
      readonly partnerId: string;
      readonly reason: string | null;
      readonly by: { readonly role: string; readonly id: string };
    }
  | {
      readonly type: 'SetCustomerDiscount';
      readonly accountId: string;
      readonly partnerId: string;
      readonly basisPoints: number;
      readonly effectiveMonth: string;
    }
  | {
      readonly type: 'AssignCustomerPriceList';
      readonly accountId: string;
      readonly partnerId: string;
      readonly priceListId: string;
      /** `YYYY-MM` in the program's time zone. */
      readonly effectiveMonth: string;
    };

/** Time, and the program policy the rules need. */
export interface CustomerContext {
  readonly now: Date;
  /** Days an invitation stays valid. */
  readonly invitationLifetimeDays: number;
  /** Due time of a provider approval requested now (end of the review SLA in business days). */
  readonly approvalDueAt: (from: Date) => Date;
  /** The program's highest discount, basis points (SPEC section 5: "capped per program"). */
  readonly discountCapBasisPoints: number;
  /** The month of a time as `YYYY-MM`, in the program's time zone (where its months begin). */
  readonly monthOf: (at: Date) => string;
  /**
   * Whether the partner of the relationship operates (approved or in assessment), read from its
   * stream: a suspended or terminated partner gains no customer (confirmation, approval, discount).
   * Absent: not needed by the command.
   */
  readonly partnerOperating?: boolean;
  /**
   * AddCustomer: the account's facts, read for every attempt; its partner stream is a condition of
   * the append, so an application of the account committed meanwhile makes the invitation decide again.
   */
  readonly invitee?: InviteeFacts;
  /** AssignCustomerPriceList: the price list, read for every attempt with its stream as a condition of the append. */
  readonly priceList?: PriceListFacts;
  /** AssignCustomerPriceList: the program's currency (ISO 4217), which an assigned price list must be in. */
  readonly currency?: string;
}

const DAY_MS = 86_400_000;

/** Whether the account is an approved customer of `partnerId` now (credit goes only to such accounts). */
export const isApprovedCustomerOf = (state: CustomerState, partnerId: string) => state.status === 'approved' && state.invitation.partnerId === partnerId;

/** Whether the account belongs to a partner now. */
export const isLinked = (state: CustomerState) => state.status !== 'none' && LINKED_STATUSES.includes(state.status);

/**
 * The price list a customer is billed by in `month` (`YYYY-MM`): among the assignments in effect by
 * then, the one assigned last (a later decision of the partner replaces an earlier plan from its
 * month on); where none is, the program's default (`defaultPriceListId`). Null while the account is
 * not an approved customer. Source of the default: issue 17, "the default applies where none was assigned".
 */
export function priceListInEffect(
  state: CustomerState,
  month: string,
  defaultPriceListId: string,
): { priceListId: string; effectiveMonth: string | null; assignedAt: string | null; source: 'assigned' | 'default' } | null {
  if (state.status !== 'approved') return null;
  const assigned = assignmentInEffect(state.priceLists ?? [], month);
  return assigned ? { ...assigned, source: 'assigned' } : { priceListId: defaultPriceListId, effectiveMonth: null, assignedAt: null, source: 'default' };
}

/** Of a relationship's assignments (oldest first), the one in effect in `month` (`YYYY-MM`): the last assigned whose effective month has come; undefined when none has. */
export function assignmentInEffect(assignments: readonly PriceListAssignment[], month: string): PriceListAssignment | undefined {
  for (let i = assignments.length - 1; i >= 0; i--) if (assignments[i].effectiveMonth <= month) return assignments[i];
  return undefined;
}

/**
 * Decider of `customer-{accountId}`: one partner per customer account at a time, the invitation and
 * its answer, and the provider's approval. Source: seed 003 (Registration of Partner's Customer) and
 * its note on eligible accounts; SPEC section 4.
 *
 * AddCustomer refusals, in this order: `ACCOUNT_NOT_FOUND`, `PARTNER_NOT_ACTIVE`, `ACCOUNT_IS_PARTNER`,
 * `CUSTOMER_ALREADY_LINKED`, then seed 003's eligibility conditions `ACCOUNT_NOT_PREPAID`,
 * `ACCOUNT_HAS_CREDIT`, `ACCOUNT_USING_SERVICES`, `ACCOUNT_HAS_DISCOUNT`, `ACCOUNT_ON_POC` (all 422).
 * Those five are all checked: when more than one fails, the refusal's `code` is the first and its
 * `reasons` extension lists every failing one ({@link refuseAll}). Answering an invitation: the token's hash must
 * match the open invitation (`INVITATION_TOKEN_INVALID`), which must not have expired
 * (`INVITATION_EXPIRED`); a token answers once. SetCustomerDiscount: `CUSTOMER_NOT_APPROVED`,
 * `EFFECTIVE_MONTH_IN_PAST`, `DISCOUNT_ABOVE_CAP` (422); every discount is kept in the stream.
 * AssignCustomerPriceList (issue 17): `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`,
 * `EFFECTIVE_MONTH_IN_PAST`, then the price list: `PRICE_LIST_NOT_FOUND`, `PRICE_LIST_RETIRED`,
 * `CURRENCY_MISMATCH` (all 422); the same list from the same month as the latest assignment is a
 * no-op; every assignment is kept in the stream.
 */
export const customerDecider: Decider<CustomerCommand, CustomerState, CustomerEvent, CustomerContext> = {
  initialState: { status: 'none', spans: [] },

  evolve(state, event) {
    if (event.type === 'CustomerInvited') return { status: 'invited', spans: state.spans, invitation: event.data, confirmedAt: null, approvalDueAt: null, discounts: [], priceLists: [] };
    if (state.status === 'none' || event.data.invitationId !== state.invitation.invitationId) return state;
    switch (event.type) {
      case 'CustomerInvitationConfirmed':
        return { ...state, status: event.data.requiresApproval ? 'pending_approval' : state.status, confirmedAt: event.data.confirmedAt, approvalDueAt: event.data.approvalDueAt };
      case 'CustomerApproved':
        return { ...state, status: 'approved', spans: [...state.spans, { partnerId: event.data.partnerId, from: event.data.approvedAt, to: null }] };
      case 'CustomerInvitationDeclined':
        return { ...state, status: 'declined' };
      case 'CustomerInvitationCancelled':
        return { ...state, status: 'cancelled' };
      case 'CustomerInvitationExpired':
        return { ...state, status: 'expired' };
      case 'CustomerRejected':
        return { ...state, status: 'rejected' };
      case 'CustomerRelationshipEnded':
        return { ...state, status: 'ended', spans: state.spans.map((s, i) => (i === state.spans.length - 1 && s.to === null ? { ...s, to: event.data.endedAt } : s)) };
      case 'CustomerDiscountSet':
        return { ...state, discounts: [...state.discounts, { basisPoints: event.data.basisPoints, effectiveMonth: event.data.effectiveMonth, setAt: event.data.setAt }] };
      case 'CustomerPriceListAssigned':
        return { ...state, priceLists: [...(state.priceLists ?? []), { priceListId: event.data.priceListId, effectiveMonth: event.data.effectiveMonth, assignedAt: event.data.assignedAt }] };
    }
  },

  decide(command, state, context) {
    const now = context.now.toISOString();
    switch (command.type) {
      case 'AddCustomer': {
        const { invitee } = context;
        if (!invitee) throw new Error('AddCustomer is decided with the invitee facts');
        if (!invitee.exists) throw ruleViolation('ACCOUNT_NOT_FOUND', 'no account is registered with this e-mail address');
        if (context.partnerOperating === false) throw ruleViolation('PARTNER_NOT_ACTIVE', 'only an approved partner that is not suspended adds customers');
        if (invitee.isPartner) throw ruleViolation('ACCOUNT_IS_PARTNER', 'a partner account cannot be a customer of a partner');
        if (isLinked(state)) throw ruleViolation('CUSTOMER_ALREADY_LINKED', 'the account is already a customer of a partner, or invited by one');
        // Seed 003's five conditions are all checked, so the partner can tell the customer everything to settle at once.
        // Not before the two above: another partner's customer, or a partner, is not this partner's to learn about.
        const ineligible: DomainError[] = [];
        if (invitee.billing !== 'prepaid') ineligible.push(ruleViolation('ACCOUNT_NOT_PREPAID', "only prepaid accounts can become a partner's customer"));
        if (invitee.standing && BigInt(invitee.standing.creditBalance) > 0n) ineligible.push(ruleViolation('ACCOUNT_HAS_CREDIT', 'the account has a credit balance'));
        if (invitee.standing?.usesServices) ineligible.push(ruleViolation('ACCOUNT_USING_SERVICES', 'the account is using services'));
        if (invitee.standing?.hasDiscount) ineligible.push(ruleViolation('ACCOUNT_HAS_DISCOUNT', 'the account has discounts'));
        if (invitee.standing?.onPoc) ineligible.push(ruleViolation('ACCOUNT_ON_POC', 'the account is on a proof of concept'));
        refuseAll(ineligible);
        return [
          {
            type: 'CustomerInvited',
            data: {
              accountId: command.accountId,
              partnerId: command.partnerId,
              invitationId: command.invitationId,
              email: command.email,
              ...(invitee.email !== undefined ? { accountEmail: invitee.email } : {}),
              commonName: normalizeName(command.commonName),
              role: command.role,
              tokenHash: command.tokenHash,
              invitedAt: now,
              expiresAt: new Date(context.now.getTime() + context.invitationLifetimeDays * DAY_MS).toISOString(),
            },
          },
        ];
      }
      case 'ConfirmCustomer':
      case 'DeclineCustomerInvitation': {
        if (state.status === 'expired' && state.invitation.tokenHash === command.tokenHash) {
          throw ruleViolation('INVITATION_EXPIRED', `the invitation expired at ${state.invitation.expiresAt}`);
        }
        if (state.status !== 'invited' || state.invitation.tokenHash !== command.tokenHash) {
          throw ruleViolation('INVITATION_TOKEN_INVALID', 'this token does not answer an open invitation of this account');
        }
        if (context.now.getTime() >= Date.parse(state.invitation.expiresAt)) throw ruleViolation('INVITATION_EXPIRED', `the invitation expired at ${state.invitation.expiresAt}`);
        const ids = { accountId: command.accountId, partnerId: state.invitation.partnerId, invitationId: state.invitation.invitationId };
        if (command.type === 'DeclineCustomerInvitation') return [{ type: 'CustomerInvitationDeclined', data: { ...ids, declinedAt: now } }];
        if (context.partnerOperating === false) throw ruleViolation('PARTNER_NOT_ACTIVE', 'the inviting partner is suspended or no longer a partner; the invitation can only be declined');
        if (command.isProviderCustomer) {
          return [
            { type: 'CustomerInvitationConfirmed', data: { ...ids, confirmedAt: now, requiresApproval: false, approvalDueAt: null } },
            { type: 'CustomerApproved', data: { ...ids, approvedAt: now, automatic: true } },
          ];
        }
        return [{ type: 'CustomerInvitationConfirmed', data: { ...ids, confirmedAt: now, requiresApproval: true, approvalDueAt: context.approvalDueAt(context.now).toISOString() } }];
      }
      case 'CancelCustomerInvitation':
        if (state.status === 'none' || state.invitation.partnerId !== command.partnerId) throw notFound('CUSTOMER_NOT_FOUND', `account ${command.accountId} has no relationship with partner ${command.partnerId}`);
        if (state.status !== 'invited') throw conflict('INVITATION_NOT_OPEN', `the invitation is ${state.status}, no longer open`, { customerStatus: state.status });
        return [{ type: 'CustomerInvitationCancelled', data: { accountId: command.accountId, partnerId: command.partnerId, invitationId: state.invitation.invitationId, cancelledAt: now, reason: command.reason } }];
      case 'ExpireCustomerInvitation':
        if (state.status !== 'invited' || state.invitation.invitationId !== command.invitationId || context.now.getTime() < Date.parse(state.invitation.expiresAt)) return [];
        return [{ type: 'CustomerInvitationExpired', data: { accountId: command.accountId, partnerId: state.invitation.partnerId, invitationId: command.invitationId, expiredAt: now } }];
      case 'WithdrawCustomerInvitation':
        // Like expiry: a no-op once the invitation is answered or closed, so the reactor may repeat it.
        if (state.status !== 'invited' || state.invitation.invitationId !== command.invitationId) return [];
        return [{ type: 'CustomerInvitationCancelled', data: { accountId: command.accountId, partnerId: state.invitation.partnerId, invitationId: command.invitationId, cancelledAt: now, reason: command.reason } }];
      case 'ApproveCustomer':
      case 'RejectCustomer': {
        if (state.status === 'none') throw notFound('CUSTOMER_NOT_FOUND', `account ${command.accountId} is no partner's customer`);
        if (state.status !== 'pending_approval') throw conflict('CUSTOMER_NOT_PENDING', `the customer is ${state.status}, not pending approval`, { customerStatus: state.status });
        const ids = { accountId: command.accountId, partnerId: state.invitation.partnerId, invitationId: state.invitation.invitationId };
        if (command.type === 'ApproveCustomer') {
          if (context.partnerOperating === false) throw ruleViolation('PARTNER_NOT_ACTIVE', 'the partner is suspended or no longer a partner; reject or wait for reinstatement');
          return [{ type: 'CustomerApproved', data: { ...ids, approvedAt: now, automatic: false } }];
        }
        if (command.reason.trim() === '') throw ruleViolation('REASON_REQUIRED', 'a rejection needs a reason');
        return [{ type: 'CustomerRejected', data: { ...ids, rejectedAt: now, reason: command.reason.trim() } }];
      }
      case 'RemoveCustomer': {
        // The inviting partner, or a reviewer (issue 12: an invitation of a partner gone wrong must not
        // hold the account until it expires), withdraws an open invitation.
        if (state.status === 'invited' && state.invitation.partnerId === command.partnerId) {
          return customerDecider.decide({ type: 'CancelCustomerInvitation', accountId: command.accountId, partnerId: command.partnerId, reason: command.reason }, state, context);
        }
        return customerDecider.decide(
          { type: 'EndCustomerRelationship', accountId: command.accountId, partnerId: command.partnerId, reason: command.reason ?? '', endedBy: `${command.by.role}:${command.by.id}` },
          state,
          context,
        );
      }
      case 'SetCustomerDiscount': {
        if (context.partnerOperating === false) throw ruleViolation('PARTNER_NOT_ACTIVE', 'only an approved partner that is not suspended sets discounts');
        if (state.status !== 'approved' || state.invitation.partnerId !== command.partnerId) {
          throw ruleViolation('CUSTOMER_NOT_APPROVED', 'discounts are set only for an approved customer of this partner');
        }
        const currentMonth = context.monthOf(context.now);
        if (command.effectiveMonth < currentMonth) throw ruleViolation('EFFECTIVE_MONTH_IN_PAST', `the effective month must be ${currentMonth} or later`);
        const cap = context.discountCapBasisPoints;
        if (command.basisPoints > cap) throw ruleViolation('DISCOUNT_ABOVE_CAP', `the program allows at most ${cap / 100} %`, { capPercent: String(cap / 100) });
        return [
          {
            type: 'CustomerDiscountSet',
            data: { accountId: command.accountId, partnerId: command.partnerId, invitationId: state.invitation.invitationId, basisPoints: command.basisPoints, effectiveMonth: command.effectiveMonth, setAt: now },
          },
        ];
      }
      case 'AssignCustomerPriceList': {
        if (context.partnerOperating === false) throw ruleViolation('PARTNER_NOT_ACTIVE', 'only an approved partner that is not suspended assigns price lists');
        if (state.status !== 'approved' || state.invitation.partnerId !== command.partnerId) {
          throw ruleViolation('CUSTOMER_NOT_APPROVED', 'price lists are assigned only to an approved customer of this partner');
        }
        const currentMonth = context.monthOf(context.now);
        if (command.effectiveMonth < currentMonth) throw ruleViolation('EFFECTIVE_MONTH_IN_PAST', `the effective month must be ${currentMonth} or later`);
        const { priceList, currency } = context;
        if (!priceList) throw new Error('AssignCustomerPriceList is decided with the price list facts');
        if (priceList.status === 'none') throw ruleViolation('PRICE_LIST_NOT_FOUND', `no price list ${command.priceListId} is published`);
        if (priceList.status === 'retired') throw ruleViolation('PRICE_LIST_RETIRED', `price list ${command.priceListId} is retired`);
        if (currency !== undefined && priceList.currency !== currency) {
          throw ruleViolation('CURRENCY_MISMATCH', `this program settles in ${currency}; price list ${command.priceListId} is in ${priceList.currency}`, { currency });
        }
        const latest = state.priceLists?.[state.priceLists.length - 1];
        if (latest && latest.priceListId === command.priceListId && latest.effectiveMonth === command.effectiveMonth) return [];
        return [
          {
            type: 'CustomerPriceListAssigned',
            data: { accountId: command.accountId, partnerId: command.partnerId, invitationId: state.invitation.invitationId, priceListId: command.priceListId, effectiveMonth: command.effectiveMonth, assignedAt: now },
          },
        ];
      }
      case 'EndCustomerRelationship': {
        if (state.status === 'none' || (command.partnerId !== null && state.invitation.partnerId !== command.partnerId)) {
          throw notFound('CUSTOMER_NOT_FOUND', `account ${command.accountId} has no relationship with this partner`);
        }
        if (state.status !== 'approved' && state.status !== 'pending_approval') throw conflict('CUSTOMER_NOT_ACTIVE', `the relationship is ${state.status}`, { customerStatus: state.status });
        if (command.reason.trim() === '') throw ruleViolation('REASON_REQUIRED', 'ending a relationship needs a reason');
        return [
          {
            type: 'CustomerRelationshipEnded',
            data: { accountId: command.accountId, partnerId: state.invitation.partnerId, invitationId: state.invitation.invitationId, endedAt: now, reason: command.reason.trim(), endedBy: command.endedBy },
          },
        ];
      }
    }
  },
};
