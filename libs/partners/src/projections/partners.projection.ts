import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Int8, Jsonb, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { Kysely } from 'kysely';
import { PARTNER_EVENT_TYPES, PartnerEvent } from '../domain/partner.events';

/** A row of `partners`: a partner as its events left it. */
export interface PartnersTable {
  partner_id: string;
  status: string;
  program: string;
  language: string;
  partner_type: string;
  terms_version: string;
  /** The company as applied for, the legal name as last changed; `registeredCapital` in minor units (a decimal string). */
  company: Jsonb<Record<string, unknown>>;
  contact: Jsonb<Record<string, unknown>>;
  bank: Jsonb<Record<string, unknown>>;
  submitted_at: Timestamptz;
  approval_due_at: Timestamptz;
  approved_at: Timestamptz | null;
  rejected_at: Timestamptz | null;
  rejection_reason: string | null;
  /** How many times it applied (a rejected partner may apply again). */
  applications: number;
  assessment_ends_at: Timestamptz | null;
  /** Course ids completed, in order. */
  courses_completed: Jsonb<string[]>;
  status_reason: string | null;
  status_changed_at: Timestamptz | null;
  /** Log position of the event that last wrote the row. */
  position: Int8;
}

/** A row of `partner_profile_changes`: one PartnerProfileUpdated, keyed by its log position. */
export interface PartnerProfileChangesTable {
  partner_id: string;
  position: Int8;
  changed_at: Timestamptz;
  /** Id of the actor who changed it, empty when the event names none. */
  changed_by: string;
  /** The event's `changes`: per field changed (`contact`, `companyName`, `bank`), `before` and `after`. */
  changes: Jsonb<Record<string, { before: unknown; after: unknown }> & { bank?: { before: Record<string, unknown>; after: Record<string, unknown> } }>;
}

/** The tables of {@link partnersProjection}. */
export interface PartnersTables {
  partners: PartnersTable;
  partner_profile_changes: PartnerProfileChangesTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends PartnersTables {}
}

/**
 * Read model `partners`: one row per partner with its current status, profile, dates and courses,
 * and `partner_profile_changes`, every profile change with before and after; behind
 * GET /v1/partners/{partnerId}.
 */
export const partnersProjection: Projection = {
  name: 'partners',
  eventTypes: PARTNER_EVENT_TYPES,
  tables: ['partners', 'partner_profile_changes'],
  migrations: {
    '2026-11-22T01-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table partners (
            partner_id text primary key,
            status text not null,
            program text not null,
            language text not null,
            partner_type text not null,
            terms_version text not null,
            company jsonb not null,
            contact jsonb not null,
            bank jsonb not null,
            submitted_at timestamptz not null,
            approval_due_at timestamptz not null,
            approved_at timestamptz,
            rejected_at timestamptz,
            rejection_reason text,
            applications integer not null,
            position bigint not null
          )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table partners`.execute(db);
      },
    },
    '2026-11-22T06-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`
          alter table partners add column assessment_ends_at timestamptz, add column courses_completed jsonb not null default '[]'::jsonb,
            add column status_reason text, add column status_changed_at timestamptz`.execute(db);
        await sql`
          create table partner_profile_changes (
            partner_id text not null,
            position bigint not null,
            changed_at timestamptz not null,
            changed_by text not null,
            changes jsonb not null,
            primary key (partner_id, position)
          )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table partner_profile_changes`.execute(db);
        await sql`alter table partners drop column assessment_ends_at, drop column courses_completed, drop column status_reason, drop column status_changed_at`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'PartnerRegistrationSubmitted': {
        const d = event.data;
        await sql`
          insert into partners (partner_id, status, program, language, partner_type, terms_version, company, contact, bank, submitted_at, approval_due_at, applications, position)
          values (${d.partnerId}, 'pending_approval', ${d.program}, ${d.language}, ${d.partnerType}, ${d.termsVersion}, ${JSON.stringify(d.company)}::jsonb,
                  ${JSON.stringify(d.contact)}::jsonb, ${JSON.stringify(d.bank)}::jsonb, ${d.submittedAt}, ${d.approvalDueAt}, 1, ${position}::bigint)
          on conflict (partner_id) do update set
            status = 'pending_approval', program = excluded.program, language = excluded.language, partner_type = excluded.partner_type,
            terms_version = excluded.terms_version, company = excluded.company, contact = excluded.contact, bank = excluded.bank,
            submitted_at = excluded.submitted_at, approval_due_at = excluded.approval_due_at, approved_at = null, rejected_at = null,
            rejection_reason = null, applications = partners.applications + 1, assessment_ends_at = null, status_reason = null, status_changed_at = null, position = excluded.position`.execute(trx);
        return;
      }
      case 'PartnerApproved': {
        const ends = event.data.assessmentEndsAt ?? null;
        await sql`
          update partners set status = ${ends ? 'in_assessment' : 'approved'}, approved_at = ${event.data.approvedAt}, assessment_ends_at = ${ends}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      }
      case 'PartnerProfileUpdated': {
        const c = event.data.changes;
        await sql`
          update partners set
            contact = coalesce(${c.contact ? JSON.stringify(c.contact.after) : null}::jsonb, contact),
            bank = coalesce(${c.bank ? JSON.stringify(c.bank.after) : null}::jsonb, bank),
            company = case when ${c.companyName?.after ?? null}::text is null then company else jsonb_set(company, '{legalName}', to_jsonb(${c.companyName?.after ?? null}::text)) end,
            position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        await sql`
          insert into partner_profile_changes (partner_id, position, changed_at, changed_by, changes)
          values (${event.data.partnerId}, ${position}::bigint, ${event.data.updatedAt}, ${String((recorded.metadata.actor as { id?: string } | undefined)?.id ?? '')}, ${JSON.stringify(c)}::jsonb)
          on conflict do nothing`.execute(trx);
        return;
      }
      case 'PartnerCourseCompleted':
        await sql`
          update partners set courses_completed = courses_completed || ${JSON.stringify([event.data.courseId])}::jsonb, position = ${position}::bigint
          where partner_id = ${event.data.partnerId} and not courses_completed ? ${event.data.courseId}`.execute(trx);
        return;
      case 'PartnerAssessmentRecorded':
        await sql`
          update partners set status = ${event.data.outcome}, status_reason = ${event.data.notes}, status_changed_at = ${event.data.recordedAt}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      case 'PartnerSuspended':
      case 'PartnerReinstated':
      case 'PartnerTerminated': {
        const [status, at] =
          event.type === 'PartnerSuspended' ? ['suspended', event.data.suspendedAt] : event.type === 'PartnerReinstated' ? [event.data.status, event.data.reinstatedAt] : ['terminated', event.data.terminatedAt];
        await sql`
          update partners set status = ${status}, status_reason = ${event.data.reason}, status_changed_at = ${at}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      }
      case 'PartnerRejected':
        await sql`
          update partners set status = 'rejected', rejected_at = ${event.data.rejectedAt}, rejection_reason = ${event.data.reason}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
    }
  },
};
