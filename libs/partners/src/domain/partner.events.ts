import { DomainEvent } from '@pp/platform';
import { Language } from '@pp/programs';

/** Partner types of the application form (seed 004 names agent and industry; the others are resale and referral). */
export const PARTNER_TYPES = ['reseller', 'agent', 'industry', 'service', 'referral'] as const;
/** One of {@link PARTNER_TYPES}. */
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** The applicant company. `registeredCapital` in minor units of the program currency, decimal string. */
export interface CompanyProfile {
  legalName: string;
  businessLicenseNo: string;
  registeredCapital: string;
  staff: number;
  technicalStaff: number;
  customerOperations: boolean;
  afterSalesService: boolean;
  [key: string]: string | number | boolean;
}

/** The applicant's contact person. */
export interface ContactDetails {
  name: string;
  email: string;
  phone: string;
  [key: string]: string;
}

/** Where the provider pays the partner. */
export interface BankDetails {
  bankName: string;
  branch: string;
  accountName: string;
  accountNumber: string;
  [key: string]: string;
}

/**
 * A company applied to become a partner (seed 001 step 2: language, terms accepted, "Become a
 * partner"). Times are UTC ISO-8601; `approvalDueAt` is the end of the SLA's last business day.
 */
export type PartnerRegistrationSubmitted = DomainEvent<
  'PartnerRegistrationSubmitted',
  {
    partnerId: string;
    program: string;
    language: Language;
    termsVersion: string;
    partnerType: PartnerType;
    company: CompanyProfile;
    contact: ContactDetails;
    bank: BankDetails;
    submittedAt: string;
    approvalDueAt: string;
  }
>;
/** The provider's staff approved the application. */
export type PartnerApproved = DomainEvent<'PartnerApproved', { partnerId: string; approvedAt: string }>;
/** The provider's staff rejected the application, with the reason the partner is told. */
export type PartnerRejected = DomainEvent<'PartnerRejected', { partnerId: string; reason: string; rejectedAt: string }>;

/** Every event of a `partner-{accountId}` stream. */
export type PartnerEvent = PartnerRegistrationSubmitted | PartnerApproved | PartnerRejected;
/** Types of {@link PartnerEvent}. */
export const PARTNER_EVENT_TYPES: readonly PartnerEvent['type'][] = ['PartnerRegistrationSubmitted', 'PartnerApproved', 'PartnerRejected'];

/** The partner's stream; a partner's id is its account id. */
export const partnerStream = (partnerId: string) => `partner-${partnerId}`;
