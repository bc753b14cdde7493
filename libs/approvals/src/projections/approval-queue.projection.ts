import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Int8, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { Kysely } from 'kysely';
import { CUSTOMER_EVENT_TYPES, CustomerEvent } from '@pp/customers';
import { PARTNER_EVENT_TYPES, PartnerEvent } from '@pp/partners';

/** Table `approval_queue` of {@link approvalQueueProjection}: one pending subject. */
export interface ApprovalQueueTable {
  kind: 'partner' | 'customer';
  /** The partner id, or the customer's account id. */
  subject: string;
  partner_id: string;
  submitted_at: Timestamptz;
  due_at: Timestamptz;
  status: string;
  /** Log position of the event that last wrote the row. */
  position: Int8;
}

/** The tables of {@link approvalQueueProjection}. */
export interface ApprovalQueueTables {
  approval_queue: ApprovalQueueTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends ApprovalQueueTables {}
}

/**
 * Read model `approval_queue`: what the provider's staff must decide, one row per pending subject
 * (partner applications, and confirmed customers who are not yet the provider's customers), with
 * its due time. Overdue is not stored: it depends on when the queue is read.
 */
export const approvalQueueProjection: Projection = {
  name: 'approval-queue',
  eventTypes: [...PARTNER_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES],
  tables: ['approval_queue'],
  migrations: {
    '2026-11-22T01-00-01': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table approval_queue (
            kind text not null,
            subject text not null,
            partner_id text not null,
            submitted_at timestamptz not null,
            due_at timestamptz not null,
            status text not null,
            position bigint not null,
            primary key (kind, subject)
          )`.execute(db);
        await sql`create index approval_queue_due on approval_queue (due_at, kind, subject)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table approval_queue`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent | CustomerEvent;
    switch (event.type) {
      case 'PartnerRegistrationSubmitted': {
        const d = event.data;
        await sql`
          insert into approval_queue (kind, subject, partner_id, submitted_at, due_at, status, position)
          values ('partner', ${d.partnerId}, ${d.partnerId}, ${d.submittedAt}, ${d.approvalDueAt}, 'pending_approval', ${recorded.position.toString()}::bigint)
          on conflict (kind, subject) do update set submitted_at = excluded.submitted_at, due_at = excluded.due_at, status = excluded.status, position = excluded.position`.execute(trx);
        return;
      }
      case 'PartnerApproved':
      case 'PartnerRejected':
        await sql`delete from approval_queue where kind = 'partner' and subject = ${event.data.partnerId}`.execute(trx);
        return;
      case 'CustomerInvitationConfirmed': {
        const d = event.data;
        if (!d.requiresApproval || d.approvalDueAt === null) return;
        await sql`
          insert into approval_queue (kind, subject, partner_id, submitted_at, due_at, status, position)
          values ('customer', ${d.accountId}, ${d.partnerId}, ${d.confirmedAt}, ${d.approvalDueAt}, 'pending_approval', ${recorded.position.toString()}::bigint)
          on conflict (kind, subject) do update set partner_id = excluded.partner_id, submitted_at = excluded.submitted_at, due_at = excluded.due_at, status = excluded.status, position = excluded.position`.execute(trx);
        return;
      }
      case 'CustomerApproved':
      case 'CustomerRejected':
      case 'CustomerRelationshipEnded':
        await sql`delete from approval_queue where kind = 'customer' and subject = ${event.data.accountId}`.execute(trx);
        return;
      default:
        return;
    }
  },
};
