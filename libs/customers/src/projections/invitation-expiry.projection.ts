import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { Kysely } from 'kysely';
import { PartnerReinstated, PartnerSuspended, PartnerTerminated } from '@pp/partners';
import { CUSTOMER_EVENT_TYPES, CustomerEvent } from '../domain/customer.events';

/** A row of `invitation_expiry`: one open invitation. */
export interface InvitationExpiryTable {
  invitation_id: string;
  account_id: string;
  /** Null on rows written before 2026-12-02 (see {@link invitationExpiryProjection}). */
  partner_id: string | null;
  expires_at: Timestamptz;
  /** Why the invitation is to be withdrawn (its partner suspended or terminated), null while it stands. */
  withdraw_reason: string | null;
}

/** The tables of {@link invitationExpiryProjection}. */
export interface InvitationExpiryTables {
  invitation_expiry: InvitationExpiryTable;
  /** Partners suspended or terminated (cleared by reinstatement), with the withdrawal reason. */
  invitation_partners_gone: { partner_id: string; reason: string };
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends InvitationExpiryTables {}
}

/**
 * Table `invitation_expiry`: every open invitation, its partner, when it expires, and whether it is
 * to be withdrawn because its partner was suspended or terminated (`withdraw_reason`). The
 * invitation reactor reads it, so due times and withdrawals survive restarts; a row goes when its
 * invitation is answered, withdrawn or expired. Rows written before the partner was recorded
 * (before 2026-12-02) have no `partner_id` and are left to expire; a rebuild fills it in.
 */
export const invitationExpiryProjection: Projection = {
  name: 'invitation-expiry',
  eventTypes: [...CUSTOMER_EVENT_TYPES, 'PartnerSuspended', 'PartnerReinstated', 'PartnerTerminated'],
  tables: ['invitation_expiry', 'invitation_partners_gone'],
  migrations: {
    '2026-11-22T02-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`create table invitation_expiry (invitation_id text primary key, account_id text not null, expires_at timestamptz not null)`.execute(db);
        await sql`create index invitation_expiry_due on invitation_expiry (expires_at)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table invitation_expiry`.execute(db);
      },
    },
    '2026-12-02T00-00-00_partner': {
      async up(db: Kysely<unknown>) {
        await sql`alter table invitation_expiry add column partner_id text, add column withdraw_reason text`.execute(db);
        await sql`create index invitation_expiry_partner on invitation_expiry (partner_id)`.execute(db);
        await sql`create index invitation_expiry_withdraw on invitation_expiry (invitation_id) where withdraw_reason is not null`.execute(db);
        // Partners whose invitations are withdrawn as they come: on a store whose conditions are not
        // atomic (EventStoreDB), an invitation may reach the log after its partner's end.
        await sql`create table invitation_partners_gone (partner_id text primary key, reason text not null)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table invitation_partners_gone`.execute(db);
        await sql`alter table invitation_expiry drop column partner_id, drop column withdraw_reason`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as CustomerEvent | PartnerSuspended | PartnerReinstated | PartnerTerminated;
    if (event.type === 'PartnerSuspended' || event.type === 'PartnerTerminated') {
      // A suspended or terminated partner adds no customers (SPEC section 3): its open invitations
      // must not hold the accounts until they expire.
      const reason = `partner ${event.type === 'PartnerSuspended' ? 'suspended' : 'terminated'}: ${event.data.reason}`;
      await sql`update invitation_expiry set withdraw_reason = ${reason} where partner_id = ${event.data.partnerId}`.execute(trx);
      await sql`
        insert into invitation_partners_gone (partner_id, reason) values (${event.data.partnerId}, ${reason})
        on conflict (partner_id) do update set reason = excluded.reason`.execute(trx);
    } else if (event.type === 'PartnerReinstated') {
      await sql`delete from invitation_partners_gone where partner_id = ${event.data.partnerId}`.execute(trx);
    } else if (event.type === 'CustomerInvited') {
      await sql`
        insert into invitation_expiry (invitation_id, account_id, partner_id, expires_at, withdraw_reason)
        select ${event.data.invitationId}, ${event.data.accountId}, ${event.data.partnerId}, ${event.data.expiresAt},
          (select reason from invitation_partners_gone where partner_id = ${event.data.partnerId})
        on conflict (invitation_id) do nothing`.execute(trx);
    } else if (event.type !== 'CustomerDiscountSet') {
      // Answered, withdrawn, expired or decided: nothing left to expire.
      await sql`delete from invitation_expiry where invitation_id = ${event.data.invitationId}`.execute(trx);
    }
  },
};
