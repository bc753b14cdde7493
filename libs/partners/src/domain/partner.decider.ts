import { conflict, Decider, DomainError, normalizeName, notFound, refuseAll, ruleViolation } from '@pp/platform';
import { BusinessCalendar, Language, ProgramPreset } from '@pp/programs';
import { DateTime } from 'luxon';
import { BankDetails, CompanyProfile, ContactDetails, PartnerEvent, PartnerProfileUpdated, PartnerRegistrationSubmitted, PartnerType } from './partner.events';
import { brandConflicts } from './brand-conflict';
import './partner.upcasters';
import { LicenceFacts, licenceRefusal } from './business-licence';

/** Lifecycle states of a partner (SPEC section 3). */
export type PartnerStatus = 'pending_approval' | 'in_assessment' | 'approved' | 'rejected' | 'suspended' | 'terminated';

/** The current application, as submitted and then updated by profile changes. */
export type PartnerApplication = Omit<PartnerRegistrationSubmitted['data'], 'submittedAt' | 'approvalDueAt'>;

/** State of a `partner-{accountId}` stream. */
export type PartnerState =
  | { readonly status: 'none' }
  | {
      readonly status: PartnerStatus;
      readonly application: PartnerApplication;
      readonly submittedAt: string;
      readonly approvalDueAt: string;
      readonly approvedAt: string | null;
      readonly assessmentEndsAt: string | null;
      readonly rejectedAt: string | null;
      readonly rejectionReason: string | null;
      /** The status a suspension interrupted, restored by reinstatement. */
      readonly suspendedFrom: 'approved' | 'in_assessment' | null;
      readonly coursesCompleted: readonly string[];
      /** How many applications this account has submitted, rejected ones included. */
      readonly applications: number;
    };

/** RegisterPartner's input (SPEC section 3). */
export interface RegisterPartnerInput {
  readonly partnerId: string;
  readonly language: Language;
  readonly termsVersion: string;
  readonly acceptTerms: boolean;
  readonly partnerType: PartnerType;
  readonly company: CompanyProfile;
  readonly contact: ContactDetails;
  readonly bank: BankDetails;
}

/** Commands of the partner stream. */
export type PartnerCommand =
  | ({ readonly type: 'RegisterPartner' } & RegisterPartnerInput)
  | { readonly type: 'ApprovePartner'; readonly partnerId: string }
  | { readonly type: 'RejectPartner'; readonly partnerId: string; readonly reason: string }
  | { readonly type: 'UpdatePartnerProfile'; readonly partnerId: string; readonly contact?: ContactDetails; readonly companyName?: string; readonly bank?: BankDetails }
  | { readonly type: 'RecordCourseCompletion'; readonly partnerId: string; readonly courseId: string }
  | { readonly type: 'RecordAssessment'; readonly partnerId: string; readonly passed: boolean; readonly outcomeIfFailed?: 'suspended' | 'terminated'; readonly notes: string }
  | { readonly type: 'SuspendPartner' | 'ReinstatePartner' | 'TerminatePartner'; readonly partnerId: string; readonly reason: string };

/** Facts about the applicant account from the account and customer streams. */
export interface AccountFacts {
  readonly exists: boolean;
  readonly type: 'individual' | 'enterprise' | null;
  /** The account is a customer of a partner, or has an invitation pending (`customer-{accountId}`). */
  readonly isPartnerCustomer: boolean;
  /** The verified legal name (enterprise real-name verification), or null when not verified. */
  readonly verifiedLegalName: string | null;
}

/** The decider's context: time, the program's policy and calendar, and the account's facts. */
export interface PartnerContext {
  readonly now: Date;
  readonly program: ProgramPreset;
  readonly calendar: BusinessCalendar;
  /** Needed by RegisterPartner and UpdatePartnerProfile. */
  readonly account?: AccountFacts;
  /** Who holds the application's business licence number; needed by RegisterPartner. */
  readonly licence?: LicenceFacts;
}

/** Company names are compared after Unicode NFKC, trimming and collapsing whitespace, case-insensitively. */
export const sameCompanyName = (a: string, b: string) => nameKey(a) === nameKey(b);
/** The comparison key of a name: the stored form ({@link normalizeName}) folded further for width and case. */
const nameKey = (name: string) => normalizeName(name.normalize('NFKC').replace(/[\u200B-\u200D]/g, '')).toLowerCase();

/**
 * The names of an application as the partner stream keeps them ({@link normalizeName}): company
 * legal name, contact name, bank account name. Other fields stay as given.
 */
const withNormalizedNames = <T extends { contact?: ContactDetails; bank?: BankDetails }>(input: T): T => ({
  ...input,
  ...(input.contact ? { contact: { ...input.contact, name: normalizeName(input.contact.name) } } : {}),
  ...(input.bank ? { bank: { ...input.bank, accountName: normalizeName(input.bank.accountName) } } : {}),
});


/** The thresholds (seed 004) an applicant of this type fails, by name; empty when it meets them all or none apply. */
export function failedThresholds(program: ProgramPreset, partnerType: string, company: CompanyProfile): string[] {
  const t = program.thresholds;
  if (!t || !t.partnerTypes.includes(partnerType)) return [];
  const failed: string[] = [];
  if (BigInt(company.registeredCapital) < BigInt(t.minRegisteredCapital)) failed.push('registeredCapital');
  if (company.staff < t.minStaff) failed.push('staff');
  if (company.technicalStaff < t.minTechnicalStaff) failed.push('technicalStaff');
  if (t.requireCustomerOperations && !company.customerOperations) failed.push('customerOperations');
  if (t.requireAfterSalesService && !company.afterSalesService) failed.push('afterSalesService');
  return failed;
}

/** Statuses in which the partner relationship exists (an application under way, or more). */
const REGISTERED: ReadonlySet<string> = new Set(['pending_approval', 'in_assessment', 'approved', 'suspended', 'terminated']);

const requireReason = (reason: string) => {
  if (reason.trim() === '') throw ruleViolation('REASON_REQUIRED', 'this decision needs a reason the partner is told');
  return reason.trim();
};

const wrongState = (status: string, wanted: string) => conflict('INVALID_PARTNER_STATE', `the partner is ${status}; this needs a partner that is ${wanted}`, { partnerStatus: status });

/**
 * Decider of `partner-{accountId}`.
 *
 * RegisterPartner refusals, in the order they are checked (sources: seed 001 "Require for partner
 * registration account" and note, seed 000 the same in Vietnamese, seed 004 申请条件 and 步骤三
 * notes; SPEC section 3): `ACCOUNT_NOT_FOUND`, `ACCOUNT_NOT_ENTERPRISE`, `ACCOUNT_IS_PARTNER_CUSTOMER`,
 * `LANGUAGE_NOT_OFFERED`, `TERMS_NOT_ACCEPTED` (422), `PARTNER_ALREADY_REGISTERED`,
 * `BUSINESS_LICENCE_ALREADY_REGISTERED` (409, unless its holder was rejected or terminated), then where
 * the program asks for them `IDENTITY_NOT_VERIFIED`, `COMPANY_NAME_MISMATCH`, `BRAND_CONFLICT`,
 * `THRESHOLD_NOT_MET` (422, with every failed threshold in `failed`). Past `ACCOUNT_NOT_FOUND` every
 * rule is checked: when more than one fails, the refusal's `code` (and HTTP status) is the first's,
 * `reasons` lists every failing code in this order, and each one's details (`languages`,
 * `termsVersion`, `verifiedLegalName`, `brandWords`, `failed`) are all present. A rejected applicant may apply
 * again. Approval is due `reviewSlaBusinessDays` business days after submission; where the program
 * has an assessment period, approval starts it (`in_assessment` until approval + N calendar months).
 * Lifecycle decisions on a partner in the wrong state are `INVALID_PARTNER_STATE` (409).
 */
export const partnerDecider: Decider<PartnerCommand, PartnerState, PartnerEvent, PartnerContext> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    if (event.type === 'PartnerRegistrationSubmitted') {
      const { submittedAt, approvalDueAt, ...application } = event.data;
      return {
        status: 'pending_approval',
        application,
        submittedAt,
        approvalDueAt,
        approvedAt: null,
        assessmentEndsAt: null,
        rejectedAt: null,
        rejectionReason: null,
        suspendedFrom: null,
        coursesCompleted: state.status === 'none' ? [] : state.coursesCompleted,
        applications: (state.status === 'none' ? 0 : state.applications) + 1,
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'PartnerApproved': {
        const assessmentEndsAt = event.data.assessmentEndsAt ?? null;
        return { ...state, status: assessmentEndsAt ? 'in_assessment' : 'approved', approvedAt: event.data.approvedAt, assessmentEndsAt };
      }
      case 'PartnerRejected':
        return { ...state, status: 'rejected', rejectedAt: event.data.rejectedAt, rejectionReason: event.data.reason };
      case 'PartnerProfileUpdated': {
        const c = event.data.changes;
        const application = {
          ...state.application,
          contact: c.contact ? c.contact.after : state.application.contact,
          bank: c.bank ? c.bank.after : state.application.bank,
          company: c.companyName ? { ...state.application.company, legalName: c.companyName.after } : state.application.company,
        };
        return { ...state, application };
      }
      case 'PartnerCourseCompleted':
        return state.coursesCompleted.includes(event.data.courseId) ? state : { ...state, coursesCompleted: [...state.coursesCompleted, event.data.courseId] };
      case 'PartnerAssessmentRecorded':
        // A partner suspended for a failed assessment is reinstated into assessment, not approved.
        return { ...state, status: event.data.outcome, suspendedFrom: event.data.outcome === 'suspended' ? 'in_assessment' : null };
      case 'PartnerSuspended':
        return { ...state, status: 'suspended', suspendedFrom: state.status === 'in_assessment' ? 'in_assessment' : 'approved' };
      case 'PartnerReinstated':
        return { ...state, status: event.data.status, suspendedFrom: null };
      case 'PartnerTerminated':
        return { ...state, status: 'terminated', suspendedFrom: null };
    }
  },

  decide(command, state, context) {
    const now = context.now.toISOString();
    if (command.type === 'RegisterPartner') return register(command, state, context);
    if (state.status === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner application for ${command.partnerId}`);
    const partnerId = command.partnerId;
    switch (command.type) {
      case 'ApprovePartner': {
        if (state.status !== 'pending_approval') throw conflict('PARTNER_NOT_PENDING', `the partner is ${state.status}, not pending approval`, { partnerStatus: state.status });
        const months = context.program.assessmentMonths;
        // Calendar months in the program's time zone; Luxon clamps to the month's last day (30 November + 3 months = 28 February).
        const assessmentEndsAt = months ? DateTime.fromJSDate(context.now, { zone: context.program.timeZone }).plus({ months }).toUTC().toISO() : null;
        return [{ type: 'PartnerApproved', data: { partnerId, approvedAt: now, assessmentEndsAt } }];
      }
      case 'RejectPartner':
        if (state.status !== 'pending_approval') throw conflict('PARTNER_NOT_PENDING', `the partner is ${state.status}, not pending approval`, { partnerStatus: state.status });
        return [{ type: 'PartnerRejected', data: { partnerId, reason: requireReason(command.reason), rejectedAt: now } }];
      case 'UpdatePartnerProfile':
        return updateProfile(command, state, context);
      case 'RecordCourseCompletion':
        if (!context.program.requiredCourses.includes(command.courseId)) {
          throw ruleViolation('UNKNOWN_COURSE', `${command.courseId} is not a course of this program`, { requiredCourses: [...context.program.requiredCourses] });
        }
        if (state.coursesCompleted.includes(command.courseId)) return [];
        return [{ type: 'PartnerCourseCompleted', data: { partnerId, courseId: command.courseId, completedAt: now } }];
      case 'RecordAssessment': {
        if (state.status !== 'in_assessment') throw wrongState(state.status, 'in assessment');
        if (state.assessmentEndsAt && context.now.getTime() < Date.parse(state.assessmentEndsAt)) {
          throw ruleViolation('ASSESSMENT_NOT_ENDED', `the assessment period ends at ${state.assessmentEndsAt}`, { assessmentEndsAt: state.assessmentEndsAt });
        }
        if (!command.passed && !command.outcomeIfFailed) throw ruleViolation('OUTCOME_REQUIRED', 'a failed assessment needs the outcome: suspended or terminated');
        if (command.notes.trim() === '') throw ruleViolation('NOTES_REQUIRED', 'an assessment needs notes');
        const outcome = command.passed ? 'approved' : command.outcomeIfFailed!;
        return [{ type: 'PartnerAssessmentRecorded', data: { partnerId, passed: command.passed, outcome, notes: command.notes.trim(), recordedAt: now } }];
      }
      case 'SuspendPartner':
        if (state.status !== 'approved' && state.status !== 'in_assessment') throw wrongState(state.status, 'approved or in assessment');
        return [{ type: 'PartnerSuspended', data: { partnerId, reason: requireReason(command.reason), suspendedAt: now } }];
      case 'ReinstatePartner':
        if (state.status !== 'suspended') throw wrongState(state.status, 'suspended');
        return [{ type: 'PartnerReinstated', data: { partnerId, reason: requireReason(command.reason), reinstatedAt: now, status: state.suspendedFrom ?? 'approved' } }];
      case 'TerminatePartner':
        if (state.status !== 'approved' && state.status !== 'in_assessment' && state.status !== 'suspended') throw wrongState(state.status, 'approved, in assessment or suspended');
        return [{ type: 'PartnerTerminated', data: { partnerId, reason: requireReason(command.reason), terminatedAt: now } }];
    }
  },
};

function register(typed: Extract<PartnerCommand, { type: 'RegisterPartner' }>, state: PartnerState, context: PartnerContext): PartnerEvent[] {
  // Compared and stored in one form: a trailing space must neither pass as the verified name nor reach a mail.
  const command = { ...withNormalizedNames(typed), company: { ...typed.company, legalName: normalizeName(typed.company.legalName) } };
  const { account, program, now } = context;
  if (!account) throw new Error('RegisterPartner is decided with the account facts');
  if (!account.exists) throw ruleViolation('ACCOUNT_NOT_FOUND', `account ${command.partnerId} is not registered with ${program.displayName}`);
  // Every rule below is checked, so an applicant learns all it must fix at once (refuseAll: the first
  // as `code`, all in `reasons`); only a missing account leaves nothing else to check.
  const refusals: DomainError[] = [];
  if (account.type !== 'enterprise') refusals.push(ruleViolation('ACCOUNT_NOT_ENTERPRISE', 'only enterprise accounts may become partners'));
  if (account.isPartnerCustomer) refusals.push(ruleViolation('ACCOUNT_IS_PARTNER_CUSTOMER', "a partner's customer account, or one invited by a partner, may not become a partner"));
  if (!program.languages.includes(command.language)) {
    refusals.push(ruleViolation('LANGUAGE_NOT_OFFERED', `${program.displayName} offers ${program.languages.join(', ')}`, { languages: [...program.languages] }));
  }
  if (!command.acceptTerms || command.termsVersion !== program.termsVersion) {
    refusals.push(ruleViolation('TERMS_NOT_ACCEPTED', `the partner terms and conditions version ${program.termsVersion} must be accepted`, { termsVersion: program.termsVersion }));
  }
  if (REGISTERED.has(state.status)) {
    refusals.push(conflict('PARTNER_ALREADY_REGISTERED', state.status === 'pending_approval' ? 'an application of this account is already awaiting approval' : `this account is already a partner (${state.status})`));
  }
  const licence = context.licence && licenceRefusal(command.partnerId, command.company.businessLicenseNo, context.licence);
  if (licence) refusals.push(licence);
  if (program.requireVerifiedIdentity && account.verifiedLegalName === null) {
    refusals.push(ruleViolation('IDENTITY_NOT_VERIFIED', 'the enterprise real-name verification of this account must be completed first'));
  }
  if (program.requireLegalNameMatch && account.verifiedLegalName !== null && !sameCompanyName(command.company.legalName, account.verifiedLegalName)) {
    refusals.push(ruleViolation('COMPANY_NAME_MISMATCH', 'the company name must be the verified legal name of the account', { verifiedLegalName: account.verifiedLegalName }));
  }
  const brands = brandConflicts(command.company.legalName, program);
  if (brands.length) refusals.push(ruleViolation('BRAND_CONFLICT', `the company name may not contain ${brands.join(', ')}`, { brandWords: brands }));
  const failed = failedThresholds(program, command.partnerType, command.company);
  if (failed.length) refusals.push(ruleViolation('THRESHOLD_NOT_MET', `a ${command.partnerType} partner must meet the program's thresholds: ${failed.join(', ')}`, { failed }));
  refuseAll(refusals);
  const { type: _type, acceptTerms: _accepted, ...input } = command;
  return [
    {
      type: 'PartnerRegistrationSubmitted',
      data: {
        ...input,
        program: program.id,
        submittedAt: now.toISOString(),
        approvalDueAt: context.calendar.dueAfterBusinessDays(now, program.reviewSlaBusinessDays).toISOString(),
      },
    },
  ];
}

function updateProfile(typed: Extract<PartnerCommand, { type: 'UpdatePartnerProfile' }>, state: Exclude<PartnerState, { status: 'none' }>, context: PartnerContext): PartnerEvent[] {
  // Normalised before the comparison with the current profile: a change of white space alone is no change.
  const command = { ...withNormalizedNames(typed), ...(typed.companyName !== undefined ? { companyName: normalizeName(typed.companyName) } : {}) };
  if (state.status === 'rejected' || state.status === 'terminated') throw wrongState(state.status, 'applying or a partner');
  const changes: PartnerProfileUpdated['data']['changes'] = {};
  const app = state.application;
  const differs = (a: Record<string, unknown>, b: Record<string, unknown>, keys: readonly string[]) => keys.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (command.contact && differs(command.contact, app.contact, ['name', 'email', 'phone'])) changes.contact = { before: app.contact, after: command.contact };
  if (command.bank && differs(command.bank, app.bank, ['bankName', 'branch', 'accountName', 'accountNumber'])) changes.bank = { before: app.bank, after: command.bank };
  if (command.companyName !== undefined && command.companyName !== app.company.legalName) {
    const name = command.companyName;
    const verified = context.account?.verifiedLegalName ?? null;
    if (context.program.requireLegalNameMatch && (verified === null || !sameCompanyName(name, verified))) {
      throw ruleViolation('COMPANY_NAME_MISMATCH', 'the company name must be the verified legal name of the account', { verifiedLegalName: verified });
    }
    const brands = brandConflicts(name, context.program);
    if (brands.length) throw ruleViolation('BRAND_CONFLICT', `the company name may not contain ${brands.join(', ')}`, { brandWords: brands });
    changes.companyName = { before: app.company.legalName, after: name };
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'PartnerProfileUpdated', data: { partnerId: command.partnerId, updatedAt: context.now.toISOString(), changes } }];
}
