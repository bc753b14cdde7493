import { TEST_APPROVAL_DUE_AT, TEST_NOW, randomId } from '@pp/platform/testing/builders';
import { randomInt } from 'node:crypto';
import type { RegisterPartnerInput } from '../domain/partner.decider';
import type { PartnerApproved, PartnerEvent, PartnerRegistrationSubmitted, PartnerRejected } from '../domain/partner.events';

/** The application of RegisterPartner without the terms box: what PartnerRegistrationSubmitted records. */
export type PartnerApplication = Omit<RegisterPartnerInput, 'acceptTerms'>;

/**
 * Builds a partner: its application (as the decider takes it, and as the HTTP body), and the
 * events of its `partner-{id}` stream, oldest first. Immutable: every step returns a new builder,
 * so one pending partner can be approved in one test and rejected in the next:
 * `const pending = aPartner().submitted(); pending.approved().events()`.
 * By default an enterprise reseller of the vngcloud program with a random id and a random business
 * licence number (they must be unique); people, company and bank are fixed, readable data.
 */
export class PartnerBuilder {
  private constructor(
    /** The partner's id, which is its account id. */
    readonly partnerId: string,
    private readonly licenceNo: string,
    private readonly stream: readonly PartnerEvent[],
  ) {}

  /** A partner with a random id (or `partnerId`) and nothing in its stream yet. */
  static create(partnerId: string = randomId('acc')): PartnerBuilder {
    return new PartnerBuilder(partnerId, `03${randomInt(10 ** 8, 10 ** 9 - 1)}`, []);
  }

  /** The application as RegisterPartner takes it and PartnerRegistrationSubmitted records it (phone split). */
  application(): PartnerApplication {
    return {
      partnerId: this.partnerId,
      language: 'vi',
      termsVersion: '2023-07',
      partnerType: 'reseller',
      company: { legalName: 'Công ty Cổ phần Công nghệ Sao Việt', businessLicenseNo: this.licenceNo, registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true },
      contact: { name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: { countryCode: '+84', number: '2838221234' } },
      bank: { bankName: 'BIDV', branch: 'Chi nhánh Sài Gòn', accountName: 'CONG TY CO PHAN CONG NGHE SAO VIET', accountNumber: '31410001234567' },
    };
  }

  /** The RegisterPartner command of {@link application}, terms accepted. */
  register(): { readonly type: 'RegisterPartner' } & RegisterPartnerInput {
    return { type: 'RegisterPartner', acceptTerms: true, ...this.application() };
  }

  /**
   * Body of POST /v1/partners for the same application: terms accepted, the phone as typed, no
   * partner id (the route takes it from the token). `overrides` replace whole top-level fields.
   */
  body(overrides: Record<string, unknown> = {}) {
    const { partnerId: _partnerId, contact, ...application } = this.application();
    return { ...application, acceptTerms: true, contact: { name: contact.name, email: contact.email, phone: '+84 28 3822 1234' }, ...overrides };
  }

  /**
   * The application submitted at `at` (default {@link TEST_NOW}), due for review at `approvalDueAt`
   * (default {@link TEST_APPROVAL_DUE_AT}, right for TEST_NOW only: pass it with another `at`).
   */
  submitted(options: { at?: Date; approvalDueAt?: string; program?: string } = {}): PartnerBuilder {
    const event: PartnerRegistrationSubmitted = {
      type: 'PartnerRegistrationSubmitted',
      data: { ...this.application(), program: options.program ?? 'vngcloud', submittedAt: (options.at ?? TEST_NOW).toISOString(), approvalDueAt: options.approvalDueAt ?? TEST_APPROVAL_DUE_AT },
    };
    return this.with(event);
  }

  /** Approved at `at` (default {@link TEST_NOW}); without an assessment period unless `assessmentEndsAt` is given. */
  approved(options: { at?: Date; assessmentEndsAt?: string | null } = {}): PartnerBuilder {
    const event: PartnerApproved = { type: 'PartnerApproved', data: { partnerId: this.partnerId, approvedAt: (options.at ?? TEST_NOW).toISOString(), assessmentEndsAt: options.assessmentEndsAt ?? null } };
    return this.with(event);
  }

  /** Rejected at `at` (default {@link TEST_NOW}) for `reason` (as the decider records it: trimmed). */
  rejected(reason = 'licence unreadable', options: { at?: Date } = {}): PartnerBuilder {
    const event: PartnerRejected = { type: 'PartnerRejected', data: { partnerId: this.partnerId, reason, rejectedAt: (options.at ?? TEST_NOW).toISOString() } };
    return this.with(event);
  }

  /** The stream so far, oldest first (a copy). */
  events(): PartnerEvent[] {
    return [...this.stream];
  }

  private with(event: PartnerEvent): PartnerBuilder {
    return new PartnerBuilder(this.partnerId, this.licenceNo, [...this.stream, event]);
  }
}

/** A partner with a random id: `aPartner().submitted().approved().events()`. */
export const aPartner = (partnerId?: string) => PartnerBuilder.create(partnerId);
