import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Projection } from '@pp/read-store';
import { Kysely } from 'kysely';
import { PARTNER_EVENT_TYPES, PartnerEvent } from '../domain/partner.events';

/**
 * Read model `partners`: one row per partner with its current status, application and dates,
 * behind GET /v1/partners/{partnerId}.
 */
export const partnersProjection: Projection = {
  name: 'partners',
  eventTypes: PARTNER_EVENT_TYPES,
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
  },
  async apply(trx: Kysely<any>, recorded: RecordedEvent) {
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
            rejection_reason = null, applications = partners.applications + 1, position = excluded.position`.execute(trx);
        return;
      }
      case 'PartnerApproved':
        await sql`update partners set status = 'approved', approved_at = ${event.data.approvedAt}, position = ${position}::bigint where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      case 'PartnerRejected':
        await sql`
          update partners set status = 'rejected', rejected_at = ${event.data.rejectedAt}, rejection_reason = ${event.data.reason}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
    }
  },
};
