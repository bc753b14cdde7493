/**
 * Answers of the api as the screens read them (the handlers' views: libs/partners get-partner,
 * libs/dashboard dashboard.queries, libs/approvals, libs/audit). Amounts are decimal strings in the
 * program currency, times UTC ISO-8601, positions decimal strings.
 */

/** Every command answers this (SPEC, "Reading your own writes"). */
export interface CommandAnswer { id: string; state?: string; revision: string; position: string }

export interface PartnerView {
  partnerId: string;
  status: string;
  program: string;
  language: string;
  partnerType: string;
  termsVersion: string;
  company: { legalName?: string; businessLicenseNo?: string; registeredCapital?: string; staff?: number; technicalStaff?: number; customerOperations?: boolean; afterSalesService?: boolean };
  /** `phone` arrives split, `{ countryCode: '+84', number: '2838221234' }` (libs/partners phone.ts), though typed as a string here for the profile form. */
  contact: { name?: string; email?: string; phone?: string };
  bank: { bankName?: string; branch?: string; accountName?: string; accountNumber?: string };
  appliedAt: string;
  approvalDueAt: string;
  approvedAt: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  applications: number;
  assessmentEndsAt: string | null;
  statusReason: string | null;
  statusChangedAt: string | null;
  coursesCompleted: string[];
  profileHistory: Array<{ changedAt: string; changedBy: string; changes: Record<string, { before: unknown; after: unknown }> }>;
  position: string;
}

export interface PartnerDashboard {
  partnerId: string;
  status: string;
  appliedAt: string;
  approvedAt: string | null;
  assessmentEndsAt: string | null;
  courses: { required: number; completed: number };
  customers: Record<string, number>;
  credit: { currency: string; deposited: string; allocated: string; available: string };
  revenue: { currency: string; byMonth: Record<string, string>; byCustomer: Record<string, string>; total: string };
  position: string;
}

export interface CustomerListItem {
  accountId: string;
  email: string;
  commonName: string;
  role: string;
  status: string;
  invitedAt: string;
  updatedAt: string;
  creditBalance: string;
  discount: { percent: string; effectiveMonth: string } | null;
  discounts: Array<{ percent: string; effectiveMonth: string; setAt: string }>;
}

export interface Page<T> { items: T[]; nextCursor: string | null; position?: string }

/** One row of AddCustomer's answer, in input order. */
export type AddCustomerRow = { email: string; result: 'invited'; accountId: string } | { email: string; result: 'rejected'; code: string; reasons?: string[] };

/** One row of GET /v1/approvals (libs/approvals get-approval-queue): `subject` is the partner's or the customer's account. */
export interface ApprovalQueueItem { kind: 'partner' | 'customer'; subject: string; partnerId: string; submittedAt: string; dueAt: string; overdue: boolean; status: string }

/** GET /v1/customers/{accountId}/invitation (libs/customers get-invitation): read from the customer stream, always current. */
export interface InvitationView { accountId: string; partnerId: string; partnerName: string | null; commonName: string; state: string; invitedAt: string; expiresAt: string | null; confirmedAt?: string | null; revision: string }

export interface AuditEvent { streamId: string; revision: string; position: string; eventId: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; recordedAt: string }

export interface StateAsOf { subject: string; asOf: string; state: unknown; revision: string | null; position: string | null; eventsFolded: number }

export interface IntegrityReport { streamId: string | null; events: number; verified: boolean; firstBroken?: { streamId?: string; revision: string; position: string; reason: string } }
