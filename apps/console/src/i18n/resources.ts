import enCommon from './en/common';
import viCommon from './vi/common';
import zhCommon from './zh/common';
import enProblems from './en/problems';
import viProblems from './vi/problems';
import zhProblems from './zh/problems';
import enPartner from './en/partner';
import viPartner from './vi/partner';
import zhPartner from './zh/partner';
import enAccounts from './en/accounts';
import viAccounts from './vi/accounts';
import zhAccounts from './zh/accounts';
import enCustomer from './en/customer';
import viCustomer from './vi/customer';
import zhCustomer from './zh/customer';
import enReview from './en/review';
import viReview from './vi/review';
import zhReview from './zh/review';
import enAudit from './en/audit';
import viAudit from './vi/audit';
import zhAudit from './zh/audit';

/** The programs' languages (SPEC section 2): every text of the console exists in each. */
export const LANGUAGES = ['en', 'vi', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Every text, by language and namespace. English is the reference: the other languages have the
 * same keys (checked by `test/console/messages.spec.ts`); `problems` is keyed by the api's problem codes.
 */
export const resources = {
  en: { common: enCommon, problems: enProblems, partner: enPartner, accounts: enAccounts, customer: enCustomer, review: enReview, audit: enAudit },
  vi: { common: viCommon, problems: viProblems, partner: viPartner, accounts: viAccounts, customer: viCustomer, review: viReview, audit: viAudit },
  zh: { common: zhCommon, problems: zhProblems, partner: zhPartner, accounts: zhAccounts, customer: zhCustomer, review: zhReview, audit: zhAudit },
} as const;
