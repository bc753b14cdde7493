import { DomainEvent } from '@pp/platform';

/** Type of a cloud account (SPEC section 6); only enterprise accounts may become partners (seed 001). */
export type AccountType = 'individual' | 'enterprise';
/** How the account pays; only prepaid accounts may become a partner's customer (seed 003). */
export type BillingMode = 'prepaid' | 'postpaid';

/** The identity service registered an account. `email` as given; `normalizedEmail` is what uniqueness compares. */
export type AccountRegistered = DomainEvent<'AccountRegistered', { accountId: string; email: string; normalizedEmail: string; type: AccountType; billing: BillingMode }>;
/** The identity service verified the enterprise's real name (`method` as the service names it). */
export type AccountIdentityVerified = DomainEvent<'AccountIdentityVerified', { accountId: string; legalName: string; method: string; verifiedAt: string }>;
/**
 * Billing's view of the account, which decides whether a partner may take it on as a customer
 * (seed 003's eligibility notes). `creditBalance` in minor units of `currency`, as a decimal string.
 */
export type AccountStandingRecorded = DomainEvent<
  'AccountStandingRecorded',
  { accountId: string; creditBalance: string; currency: string; usesServices: boolean; hasDiscount: boolean; onPoc: boolean; isProviderCustomer: boolean; recordedAt: string }
>;

/** Every event of an `account-{accountId}` stream. */
export type AccountEvent = AccountRegistered | AccountIdentityVerified | AccountStandingRecorded;

/** An e-mail address was reserved for an account: the uniqueness guard of RegisterAccount. */
export type AccountEmailReserved = DomainEvent<'AccountEmailReserved', { normalizedEmail: string; accountId: string; reservedAt: string }>;
/** A reservation was given up because the account it was made for could not be registered. */
export type AccountEmailReleased = DomainEvent<'AccountEmailReleased', { normalizedEmail: string; accountId: string }>;
/** Every event of an `account-email-{normalizedEmail}` stream. */
export type AccountEmailEvent = AccountEmailReserved | AccountEmailReleased;

/** Stream of one account. */
export const accountStream = (accountId: string) => `account-${accountId}`;
/** Reservation stream of one normalised e-mail address. */
export const accountEmailStream = (normalizedEmail: string) => `account-email-${normalizedEmail}`;

/** E-mails are compared case-insensitively (SPEC section 6): trimmed, Unicode NFC, lower case. */
export const normalizeEmail = (email: string) => email.trim().normalize('NFC').toLowerCase();
