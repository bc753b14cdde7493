/**
 * Characters that render as nothing in a name: zero-width space, word joiner, byte-order mark and
 * soft hyphen. Copied from documents or forms, they make two equal-looking names differ. ZWJ and
 * ZWNJ stay: some scripts need them.
 */
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;

/**
 * A person's or a company's name as the domain stores and compares it: Unicode NFC, invisible format
 * characters removed, trimmed, and every inner run of white space (ideographic and no-break spaces
 * included) collapsed to one ASCII space. Full-width characters stay as written (`（集团）`): they
 * are part of a Chinese legal name; comparisons that must ignore width fold further (NFKC).
 *
 * Used for the verified legal name (RecordIdentityVerification), the company legal name
 * (RegisterPartner, UpdatePartnerProfile), contact and bank account names and a customer's common
 * name, so that a name typed with a trailing space or a decomposed accent is stored, compared and
 * mailed like the same name typed cleanly. Source: seed 004 步骤三 notes (the company name must equal
 * the business licence and the verified name); SPEC section 3.
 * @param name any string; the result may be empty when it held only white space.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}
