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

/**
 * One credit alert threshold as the partner set it: a share of the pool handed out (`usedPercent`,
 * a whole percent 1-100 of what was deposited) or what is left (`availableBelow`, minor units as a
 * decimal string, more than zero).
 */
export type CreditThreshold = { readonly usedPercent: number } | { readonly availableBelow: string };

/**
 * The partner set its credit alert thresholds (issue 18); an empty list clears them. The list
 * replaces the one before, in a canonical order (used percents ascending, then amounts descending:
 * the order a draining pool crosses them). `currency` is the one `availableBelow` amounts are in.
 */
export type PartnerCreditThresholdsSet = DomainEvent<'PartnerCreditThresholdsSet', { partnerId: string; thresholds: CreditThreshold[]; currency: string; setAt: string }>;

/**
 * The pool crossed one of the partner's thresholds (issue 18), appended with the event that crossed
 * it (`cause`: `CustomerCreditAllocated`; `PartnerCreditThresholdsSet` for a threshold already past
 * when it was set; `PartnerCreditDeposited` for a first deposit below an `availableBelow`). Once per crossing: the threshold is armed again only when the pool comes
 * back (a deposit, a reclaim). `usedBasisPoints`: allocated / deposited in hundredths of a percent,
 * rounded down (7000 = 70 %); amounts in minor units of `currency`, decimal strings, after the cause.
 */
export type PartnerCreditThresholdCrossed = DomainEvent<
  'PartnerCreditThresholdCrossed',
  { partnerId: string; threshold: CreditThreshold; usedBasisPoints: number; available: string; deposited: string; allocated: string; currency: string; crossedAt: string; cause: string }
>;

/** Every event of a `credit-{partnerId}` stream. */
export type CreditEvent = PartnerCreditDeposited | CustomerCreditAllocated | PartnerCreditThresholdsSet | PartnerCreditThresholdCrossed;

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
export const CREDIT_EVENT_TYPES: readonly string[] = ['PartnerCreditDeposited', 'CustomerCreditAllocated', 'PartnerCreditThresholdsSet', 'PartnerCreditThresholdCrossed', 'CustomerRevenueRecorded'];

/** The stream that holds a partner's whole credit: its pool and every customer's balance. */
export const creditStream = (partnerId: string) => `credit-${partnerId}`;
/** The stream of one billing reference: what makes revenue idempotent. */
export const revenueStream = (billingReference: string) => `revenue-${billingReference}`;
