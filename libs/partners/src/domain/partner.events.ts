import { DomainEvent } from '@pp/platform';
import { Language } from '@pp/programs';
import { PhoneNumber } from './phone';

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

/** The applicant's contact person. Schema version 2: the phone split into country code and number. */
export type ContactDetails = {
  name: string;
  email: string;
  phone: PhoneNumber;
};

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
/**
 * The provider's staff approved the application. Where the program has an assessment period the
 * partner is `in_assessment` until `assessmentEndsAt` (seed 004: 考核期为3个自然月); else null.
 */
export type PartnerApproved = DomainEvent<'PartnerApproved', { partnerId: string; approvedAt: string; assessmentEndsAt?: string | null }>;
/** The provider's staff rejected the application, with the reason the partner is told. */
export type PartnerRejected = DomainEvent<'PartnerRejected', { partnerId: string; reason: string; rejectedAt: string }>;

/** One section of the profile before and after a change. */
export type ProfileChange<T> = { before: T; after: T };

/**
 * The partner changed its profile (seed 004: 合作伙伴的信息修改: contact, company name, bank). Only
 * the sections that changed are present, each with before and after.
 */
export type PartnerProfileUpdated = DomainEvent<
  'PartnerProfileUpdated',
  { partnerId: string; updatedAt: string; changes: { contact?: ProfileChange<ContactDetails>; companyName?: ProfileChange<string>; bank?: ProfileChange<BankDetails> } }
>;
/** The academy recorded a required course as completed (seed 004: 合作伙伴必修课). */
export type PartnerCourseCompleted = DomainEvent<'PartnerCourseCompleted', { partnerId: string; courseId: string; completedAt: string }>;
/** A reviewer recorded the assessment at the end of its period: passed, or failed with the outcome chosen. */
export type PartnerAssessmentRecorded = DomainEvent<
  'PartnerAssessmentRecorded',
  { partnerId: string; passed: boolean; outcome: 'approved' | 'suspended' | 'terminated'; notes: string; recordedAt: string }
>;
/** A reviewer suspended the partner: it keeps its customers but adds none and allocates no credit. */
export type PartnerSuspended = DomainEvent<'PartnerSuspended', { partnerId: string; reason: string; suspendedAt: string }>;
/** A reviewer lifted a suspension; the partner is back in the status it was suspended from. */
export type PartnerReinstated = DomainEvent<'PartnerReinstated', { partnerId: string; reason: string; reinstatedAt: string; status: 'approved' | 'in_assessment' }>;
/** A reviewer ended the partnership for good. */
export type PartnerTerminated = DomainEvent<'PartnerTerminated', { partnerId: string; reason: string; terminatedAt: string }>;

/** Every event of a `partner-{accountId}` stream. */
export type PartnerEvent =
  | PartnerRegistrationSubmitted
  | PartnerApproved
  | PartnerRejected
  | PartnerProfileUpdated
  | PartnerCourseCompleted
  | PartnerAssessmentRecorded
  | PartnerSuspended
  | PartnerReinstated
  | PartnerTerminated;
/** Types of {@link PartnerEvent}. */
export const PARTNER_EVENT_TYPES: readonly PartnerEvent['type'][] = [
  'PartnerRegistrationSubmitted',
  'PartnerApproved',
  'PartnerRejected',
  'PartnerProfileUpdated',
  'PartnerCourseCompleted',
  'PartnerAssessmentRecorded',
  'PartnerSuspended',
  'PartnerReinstated',
  'PartnerTerminated',
];

/** The partner's stream; a partner's id is its account id. */
export const partnerStream = (partnerId: string) => `partner-${partnerId}`;
