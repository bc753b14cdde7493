import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Projection } from '@pp/read-store';
import { Kysely } from 'kysely';
import { CUSTOMER_EVENT_TYPES, CustomerEvent } from '../domain/customer.events';

/**
 * Table `invitation_expiry`: every open invitation and when it expires. The expiry reactor reads
 * it, so due times survive restarts; a row goes when its invitation is answered, withdrawn or expired.
 */
export const invitationExpiryProjection: Projection = {
  name: 'invitation-expiry',
  eventTypes: CUSTOMER_EVENT_TYPES,
  tables: ['invitation_expiry'],
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
  },
  async apply(trx: Kysely<any>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as CustomerEvent;
    if (event.type === 'CustomerInvited') {
      await sql`
        insert into invitation_expiry (invitation_id, account_id, expires_at) values (${event.data.invitationId}, ${event.data.accountId}, ${event.data.expiresAt})
        on conflict (invitation_id) do nothing`.execute(trx);
    } else if (event.type !== 'CustomerDiscountSet') {
      // Answered, withdrawn, expired or decided: nothing left to expire.
      await sql`delete from invitation_expiry where invitation_id = ${event.data.invitationId}`.execute(trx);
    }
  },
};
