import { DomainEvent } from '@pp/platform';

/**
 * Billing deposited money into a partner's credit pool (seed 000: "top up credit for customers").
 * Amounts are integers in the minor unit of `currency`, as decimal strings; times UTC ISO-8601.
 */
export type PartnerCreditDeposited = DomainEvent<'PartnerCreditDeposited', { partnerId: string; amount: string; currency: string; reference: string; depositedAt: string }>;
/**
 * The partner moved credit from its pool to a customer (positive `amount`) or back (negative). The
 * resulting pool and customer balance are recorded too, for auditors reading one event.
 */
export type CustomerCreditAllocated = DomainEvent<
  'CustomerCreditAllocated',
  { partnerId: string; accountId: string; amount: string; currency: string; allocatedAt: string; customerBalance: string; available: string }
>;

/** Every event of a `credit-{partnerId}` stream. */
export type CreditEvent = PartnerCreditDeposited | CustomerCreditAllocated;

/**
 * Billing recorded what a customer was billed for a month (seed 003: "Manage revenue according to
 * customer registration"). `priceListId` and `priceListVersion`: the price list version billing
 * priced it by, where billing names it (issue 17; absent in older events and when not named).
 */
export type CustomerRevenueRecorded = DomainEvent<
  'CustomerRevenueRecorded',
  { partnerId: string; accountId: string; period: string; amount: string; currency: string; billingReference: string; recordedAt: string; priceListId?: string; priceListVersion?: number }
>;

/** Types of the credit and revenue events. */
export const CREDIT_EVENT_TYPES: readonly string[] = ['PartnerCreditDeposited', 'CustomerCreditAllocated', 'CustomerRevenueRecorded'];

/** The stream that holds a partner's whole credit: its pool and every customer's balance. */
export const creditStream = (partnerId: string) => `credit-${partnerId}`;
/** The stream of one billing reference: what makes revenue idempotent. */
export const revenueStream = (billingReference: string) => `revenue-${billingReference}`;
