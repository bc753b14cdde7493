import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { formatAmount, notFound } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { ProjectionRunner } from '@pp/read-store';
import { Selectable } from 'kysely';
import { PartnerProfileChangesTable, PartnersTable, partnersProjection } from '../../projections/partners.projection';

/** A partner as GET /v1/partners/{partnerId} answers it; times UTC ISO-8601, `position` a decimal string. */
export interface PartnerView {
  partnerId: string;
  status: string;
  program: string;
  language: string;
  partnerType: string;
  termsVersion: string;
  company: Record<string, unknown>;
  contact: Record<string, unknown>;
  bank: Record<string, unknown>;
  appliedAt: string;
  approvalDueAt: string;
  approvedAt: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  applications: number;
  assessmentEndsAt: string | null;
  /** Reason of the last suspension, reinstatement, termination or assessment note. */
  statusReason: string | null;
  statusChangedAt: string | null;
  coursesCompleted: string[];
  /** Every profile change, oldest first, with before and after (bank numbers masked where the caller may not see them). */
  profileHistory: Array<{ changedAt: string; changedBy: string; changes: Record<string, { before: unknown; after: unknown }> }>;
  position: string;
}

/** GetPartner: the partner read model, after it has reached `minPosition`. */
export class GetPartnerQuery extends Query<PartnerView> {
  constructor(
    readonly partnerId: string,
    readonly minPosition: bigint | undefined,
    /** Whether the caller may see the full bank account number (the partner itself, auditors). */
    readonly revealBankAccount: boolean,
  ) {
    super();
  }
}

/** Shows the last four characters of a bank account number only. */
export const maskAccountNumber = (value: string) => (value.length <= 4 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`);

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `READ_MODEL_BEHIND` (503). */
@QueryHandler(GetPartnerQuery)
export class GetPartnerHandler implements IQueryHandler<GetPartnerQuery, PartnerView> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute(query: GetPartnerQuery): Promise<PartnerView> {
    const reached = await this.projections.waitFor([partnersProjection.name], query.minPosition);
    const { rows } = await sql<Selectable<PartnersTable>>`select * from partners where partner_id = ${query.partnerId}`.execute(this.database.db);
    const row = rows[0];
    if (!row) throw notFound('PARTNER_NOT_FOUND', `no partner ${query.partnerId}`);
    const maskBank = (bank: Record<string, unknown>) => (query.revealBankAccount ? bank : { ...bank, accountNumber: maskAccountNumber(String(bank.accountNumber ?? '')) });
    const bank = maskBank(row.bank);
    const history = await sql<Pick<Selectable<PartnerProfileChangesTable>, 'changed_at' | 'changed_by' | 'changes'>>`
      select changed_at, changed_by, changes from partner_profile_changes where partner_id = ${query.partnerId} order by position`.execute(this.database.db);
    const profileHistory = history.rows.map((h) => ({
      changedAt: iso(h.changed_at)!,
      changedBy: h.changed_by,
      changes: h.changes.bank ? { ...h.changes, bank: { before: maskBank(h.changes.bank.before), after: maskBank(h.changes.bank.after) } } : h.changes,
    }));
    return {
      partnerId: row.partner_id,
      status: row.status,
      program: row.program,
      language: row.language,
      partnerType: row.partner_type,
      termsVersion: row.terms_version,
      // Stored in minor units; shown as the decimal string the applicant sent.
      company: { ...row.company, registeredCapital: formatAmount(BigInt(String(row.company.registeredCapital)), this.program.currency) },
      contact: row.contact,
      bank,
      appliedAt: iso(row.submitted_at)!,
      approvalDueAt: iso(row.approval_due_at)!,
      approvedAt: iso(row.approved_at),
      rejectedAt: iso(row.rejected_at),
      rejectionReason: row.rejection_reason,
      applications: Number(row.applications),
      assessmentEndsAt: iso(row.assessment_ends_at),
      statusReason: row.status_reason,
      statusChangedAt: iso(row.status_changed_at),
      coursesCompleted: row.courses_completed,
      profileHistory,
      position: reached.toString(),
    };
  }
}
