import { DomainEvent } from '@pp/platform';

/** The partner's role towards the customer (seed 003: "system is being set as the default Partner"). */
export type CustomerRole = string;

/** Keys every customer event carries: the customer account and the partner of the relationship. */
type Relationship = {
  accountId: string;
  partnerId: string;
  invitationId: string;
};

/**
 * A partner invited an account to become its customer (seed 003 step 2, "Add a customer account").
 * `email` is the address as the partner typed it (shown to the partner, kept for audit);
 * `accountEmail` the account's registered address, which the invitation is mailed to (added in issue
 * 12; events written before lack it and were mailed to `email`, see {@link invitationRecipient}).
 * `tokenHash` is the SHA-256 (hex) of the token in the invitation e-mail; the token itself is never
 * stored. Times UTC ISO-8601.
 */
export type CustomerInvited = DomainEvent<
  'CustomerInvited',
  Relationship & { email: string; accountEmail?: string; commonName: string; role: CustomerRole; tokenHash: string; invitedAt: string; expiresAt: string }
>;

/** Where an invitation is mailed: the account's registered address; for events older than issue 12, the address typed. */
export const invitationRecipient = (invited: CustomerInvited['data']) => invited.accountEmail ?? invited.email;
/**
 * The customer confirmed. `requiresApproval`: the account is not yet the provider's customer, so the
 * provider must approve (seed 003: "forwarded to VNG Cloud to approve in case this customer is not
 * currently a VNG Cloud's customer"); `approvalDueAt` is then the end of the review SLA.
 */
export type CustomerInvitationConfirmed = DomainEvent<'CustomerInvitationConfirmed', Relationship & { confirmedAt: string; requiresApproval: boolean; approvalDueAt: string | null }>;
/** The customer declined the invitation. */
export type CustomerInvitationDeclined = DomainEvent<'CustomerInvitationDeclined', Relationship & { declinedAt: string }>;
/** The partner withdrew the invitation before it was answered. */
export type CustomerInvitationCancelled = DomainEvent<'CustomerInvitationCancelled', Relationship & { cancelledAt: string; reason: string | null }>;
/** Nobody answered the invitation within the program's invitation lifetime. */
export type CustomerInvitationExpired = DomainEvent<'CustomerInvitationExpired', Relationship & { expiredAt: string }>;
/** The relationship is approved: by a reviewer, or at once (`automatic`) for an existing provider customer. */
export type CustomerApproved = DomainEvent<'CustomerApproved', Relationship & { approvedAt: string; automatic: boolean }>;
/** A reviewer rejected the relationship, with the reason. */
export type CustomerRejected = DomainEvent<'CustomerRejected', Relationship & { rejectedAt: string; reason: string }>;
/** The partner or a reviewer ended the relationship; the account is free for another partner. */
export type CustomerRelationshipEnded = DomainEvent<'CustomerRelationshipEnded', Relationship & { endedAt: string; reason: string; endedBy: string }>;

/**
 * The partner set the customer's discount from a month on (seed 000: "manage customers, discounts").
 * `basisPoints`: hundredths of a percent (500 = 5 %); `effectiveMonth`: `YYYY-MM`. Every change is kept.
 */
export type CustomerDiscountSet = DomainEvent<'CustomerDiscountSet', Relationship & { basisPoints: number; effectiveMonth: string; setAt: string }>;

/**
 * The partner assigned the customer a price list from a month on (seed 003: "manage customer's
 * credits, price lists"). `effectiveMonth`: `YYYY-MM` in the program's time zone; every assignment
 * is kept, and while none is in effect the program's default price list applies.
 */
export type CustomerPriceListAssigned = DomainEvent<'CustomerPriceListAssigned', Relationship & { priceListId: string; effectiveMonth: string; assignedAt: string }>;

/** Every event of a `customer-{accountId}` stream. */
export type CustomerEvent =
  | CustomerDiscountSet
  | CustomerPriceListAssigned
  | CustomerInvited
  | CustomerInvitationConfirmed
  | CustomerInvitationDeclined
  | CustomerInvitationCancelled
  | CustomerInvitationExpired
  | CustomerApproved
  | CustomerRejected
  | CustomerRelationshipEnded;

/** Types of {@link CustomerEvent}. */
export const CUSTOMER_EVENT_TYPES: readonly CustomerEvent['type'][] = [
  'CustomerDiscountSet',
  'CustomerPriceListAssigned',
  'CustomerInvited',
  'CustomerInvitationConfirmed',
  'CustomerInvitationDeclined',
  'CustomerInvitationCancelled',
  'CustomerInvitationExpired',
  'CustomerApproved',
  'CustomerRejected',
  'CustomerRelationshipEnded',
];

/** The stream of one customer account: where the one-partner-per-customer rule lives. */
export const customerStream = (accountId: string) => `customer-${accountId}`;
