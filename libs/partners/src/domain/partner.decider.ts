import { conflict, Decider, notFound, ruleViolation } from '@pp/platform';
import { BusinessCalendar, Language, ProgramPreset } from '@pp/programs';
import { BankDetails, CompanyProfile, ContactDetails, PartnerEvent, PartnerRegistrationSubmitted, PartnerType } from './partner.events';

/** Lifecycle states of a partner (SPEC section 3) that this decider reaches. */
export type PartnerStatus = 'pending_approval' | 'approved' | 'rejected';

/** The current application, as submitted. */
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
      readonly rejectedAt: string | null;
      readonly rejectionReason: string | null;
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
  | { readonly type: 'RejectPartner'; readonly partnerId: string; readonly reason: string };

/** Facts from outside the partner stream that the rules need. */
export interface AccountFacts {
  readonly exists: boolean;
  readonly type: 'individual' | 'enterprise' | null;
  /** The account is a customer of a partner, or has an invitation pending (`customer-{accountId}`). */
  readonly isPartnerCustomer: boolean;
}

/** The decider's context: time, the program's policy and calendar, and the account's facts. */
export interface PartnerContext {
  readonly now: Date;
  readonly program: ProgramPreset;
  readonly calendar: BusinessCalendar;
  /** Needed by RegisterPartner only. */
  readonly account?: AccountFacts;
}

/**
 * Decider of `partner-{accountId}`.
 *
 * RegisterPartner refusals, in the order they are checked (source: seed 001 "Require for partner
 * registration account" and note; seed 000 the same in Vietnamese; SPEC section 3):
 * `ACCOUNT_NOT_FOUND`, `ACCOUNT_NOT_ENTERPRISE`, `ACCOUNT_IS_PARTNER_CUSTOMER`, `LANGUAGE_NOT_OFFERED`,
 * `TERMS_NOT_ACCEPTED` (all 422) and `PARTNER_ALREADY_REGISTERED` (409). A rejected applicant may
 * apply again. The approval is due `reviewSlaBusinessDays` business days after submission ("within 3
 * business days", seed 001). Approve and reject need a pending application (`PARTNER_NOT_PENDING`, 409).
 */
export const partnerDecider: Decider<PartnerCommand, PartnerState, PartnerEvent, PartnerContext> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'PartnerRegistrationSubmitted': {
        const { submittedAt, approvalDueAt, ...application } = event.data;
        return {
          status: 'pending_approval',
          application,
          submittedAt,
          approvalDueAt,
          approvedAt: null,
          rejectedAt: null,
          rejectionReason: null,
          applications: (state.status === 'none' ? 0 : state.applications) + 1,
        };
      }
      case 'PartnerApproved':
        return state.status === 'none' ? state : { ...state, status: 'approved', approvedAt: event.data.approvedAt };
      case 'PartnerRejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected', rejectedAt: event.data.rejectedAt, rejectionReason: event.data.reason };
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterPartner': {
        const { account, program, now } = context;
        if (!account) throw new Error('RegisterPartner is decided with the account facts');
        if (!account.exists) throw ruleViolation('ACCOUNT_NOT_FOUND', `account ${command.partnerId} is not registered with ${program.displayName}`);
        if (account.type !== 'enterprise') throw ruleViolation('ACCOUNT_NOT_ENTERPRISE', 'only enterprise accounts may become partners');
        if (account.isPartnerCustomer) throw ruleViolation('ACCOUNT_IS_PARTNER_CUSTOMER', "a partner's customer account, or one invited by a partner, may not become a partner");
        if (!program.languages.includes(command.language)) {
          throw ruleViolation('LANGUAGE_NOT_OFFERED', `${program.displayName} offers ${program.languages.join(', ')}`, { languages: [...program.languages] });
        }
        if (!command.acceptTerms || command.termsVersion !== program.termsVersion) {
          throw ruleViolation('TERMS_NOT_ACCEPTED', `the partner terms and conditions version ${program.termsVersion} must be accepted`, { termsVersion: program.termsVersion });
        }
        if (state.status === 'pending_approval' || state.status === 'approved') {
          throw conflict('PARTNER_ALREADY_REGISTERED', state.status === 'approved' ? 'this account is already a partner' : 'an application of this account is already awaiting approval');
        }
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
      case 'ApprovePartner':
        if (state.status === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner application for ${command.partnerId}`);
        if (state.status !== 'pending_approval') throw conflict('PARTNER_NOT_PENDING', `the partner is ${state.status}, not pending approval`, { partnerStatus: state.status });
        return [{ type: 'PartnerApproved', data: { partnerId: command.partnerId, approvedAt: context.now.toISOString() } }];
      case 'RejectPartner':
        if (state.status === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner application for ${command.partnerId}`);
        if (state.status !== 'pending_approval') throw conflict('PARTNER_NOT_PENDING', `the partner is ${state.status}, not pending approval`, { partnerStatus: state.status });
        if (command.reason.trim() === '') throw ruleViolation('REASON_REQUIRED', 'a rejection needs a reason the applicant is told');
        return [{ type: 'PartnerRejected', data: { partnerId: command.partnerId, reason: command.reason.trim(), rejectedAt: context.now.toISOString() } }];
    }
  },
};
