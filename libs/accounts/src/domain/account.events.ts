import { DomainEvent } from '@pp/platform';
import { domainToASCII } from 'node:url';

/** Type of a cloud account (SPEC section 6); only enterprise accounts may become partners (seed 001). */
export type AccountType = 'individual' | 'enterprise';
/** How the account pays; only prepaid accounts may become a partner's customer (seed 003). */
export type BillingMode = 'prepaid' | 'postpaid';

/**
 * The identity service registered an account. `email` as given (trimmed; what is shown and mailed);
 * `normalizedEmail` the form its reservation stream was named by when it was written
 * ({@link normalizeEmail}, or {@link legacyNormalizeEmail} before issue 12).
 */
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

/**
 * The form in which e-mails are compared (SPEC section 6: unique, case-insensitively): the key of the
 * `account-email-{…}` reservation and of every lookup by address (AddCustomer). What was given is kept
 * beside it for display and for mailing.
 *
 * - trimmed; split at the last `@` (a quoted local part may hold one);
 * - local part: NFKC then lower case, so full-width letters (`ｋａｔｅ`), the Kelvin sign (U+212A) and
 *   ligatures fold to the letters they stand for. Mail servers treat local parts as case-sensitive in
 *   theory; the SPEC's rule and every provider in practice do not, and no two real mailboxes differ only
 *   by compatibility forms;
 * - domain: NFKC, then IDNA (UTS 46) to its A-label with `node:url` `domainToASCII`, so `bücher.example`
 *   and `xn--bcher-kva.example` are one address; an ASCII domain is only lower-cased (IDNA would not
 *   change a valid one), and one that is no valid host name (`domainToASCII` answers '') stays in
 *   lower case rather than being lost.
 *
 * An ASCII address is normalised exactly as by {@link legacyNormalizeEmail}, the rule before issue 12,
 * so reservation streams of ASCII addresses keep their names.
 * @example normalizeEmail(' Anna@Bücher.example ') === 'anna@xn--bcher-kva.example'
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  const fold = (text: string) => text.normalize('NFKC').toLowerCase().normalize('NFKC');
  if (at < 0) return fold(trimmed);
  const local = fold(trimmed.slice(0, at));
  const domain = fold(trimmed.slice(at + 1));
  return `${local}@${isAscii(domain) ? domain : domainToASCII(domain) || domain}`;
}

/**
 * The comparison form before issue 12 (trimmed, NFC, lower case). Reservations of addresses with
 * non-ASCII characters made before then are named by it; RegisterAccount and lookups read them too.
 */
export const legacyNormalizeEmail = (email: string) => email.trim().normalize('NFC').toLowerCase();

const isAscii = (text: string) => /^[\x00-\x7F]*$/.test(text);
