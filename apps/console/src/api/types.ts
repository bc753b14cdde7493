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

export interface ApprovalQueueItem { kind: 'partner' | 'customer'; subject: string; partnerId: string; submittedAt: string; dueAt: string; overdue: boolean; status: string }

export interface InvitationView { accountId: string; partnerId: string; partnerName: string | null; commonName: string; state: string; invitedAt: string; expiresAt: string | null; confirmedAt: string | null; revision: string }

/** An event as auditors see it (libs/audit AuditEvent): every stored field; `metadata` holds actor, command, correlation and causation ids, hashes, schema version and whatever else was recorded. */
export interface AuditEvent { streamId: string; revision: string; position: string; eventId: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; recordedAt: string }

/** A page of the global log or of a stream: for a stream `nextCursor` is the revision the next page starts at, for the log the position to read after. */
export interface AuditPage { items: AuditEvent[]; nextCursor: string | null }

/** GET /v1/audit/partners/{id} and /v1/audit/customers/{id}: the subject folded up to `asOf`; revision and position of the last event folded, null when none had happened. */
export interface StateAsOf { subject: string; asOf: string; state: unknown; revision: string | null; position: string | null; eventsFolded: number }

/** The first broken link of the integrity chain; `position` is null for a truncation (the newest events deleted). */
export interface ChainBreak { streamId: string; revision: string; position: string | null; reason: string }

/** GET /v1/audit/integrity: `streamId` null for the whole log. */
export interface IntegrityReport { streamId: string | null; events: number; streams: number; unchained: number; verified: boolean; firstBroken?: ChainBreak | null }
