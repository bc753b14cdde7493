import { CUSTOMER_EVENT_TYPES, CustomerEvent, PriceListAssignment } from '@pp/customers';
import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Int8, Jsonb, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { Kysely } from 'kysely';
import type { PriceListVersion } from '../domain/price-list.decider';
import { PRICE_LIST_EVENT_TYPES, PriceListEvent } from '../domain/price-list.events';

/** A row of `price_lists`: one price list, every version (oldest first) with its items in minor units. */
export interface PriceListsTable {
  price_list_id: string;
  /** The latest version's name. */
  name: string;
  currency: string;
  /** `published` or `retired`. */
  status: string;
  versions: Jsonb<PriceListVersion[]>;
  published_at: Timestamptz;
  retired_at: Timestamptz | null;
  position: Int8;
}

/** A row of `price_list_customers`: one partner and customer account, its status and every price list assigned in the relationship. */
export interface PriceListCustomersTable {
  partner_id: string;
  account_id: string;
  /** The latest customer status (`invited`, `approved`, `ended`, ...): the default price list applies only to `approved`. */
  status: string;
  /** Oldest first; emptied when the account is invited again (a new relationship). */
  assignments: Jsonb<PriceListAssignment[]>;
  position: Int8;
}

/** The tables of {@link priceListsProjection}. */
export interface PriceListsTables {
  price_lists: PriceListsTable;
  price_list_customers: PriceListCustomersTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends PriceListsTables {}
}

/** The customer status each status-changing customer event leads to. */
const STATUS_AFTER: Partial<Record<CustomerEvent['type'], string>> = {
  CustomerInvitationDeclined: 'declined',
  CustomerInvitationCancelled: 'cancelled',
  CustomerInvitationExpired: 'expired',
  CustomerApproved: 'approved',
  CustomerRejected: 'rejected',
  CustomerRelationshipEnded: 'ended',
};

/**
 * Read model of price lists (issue 17): `price_lists` (each list, its versions and items, its
 * status) and `price_list_customers` (each relationship's status and assigned price lists, which the
 * customer list, the dashboard's counts and a customer's own view read). Rebuilt from the log like
 * every read model; it reads no clock: which version or assignment is in effect is decided when
 * queried.
 */
export const priceListsProjection: Projection = {
  name: 'price-lists',
  eventTypes: [...PRICE_LIST_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES],
  tables: ['price_lists', 'price_list_customers'],
  migrations: {
    '2026-12-10T00-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table price_lists (
            price_list_id text primary key,
            name text not null,
            currency text not null,
            status text not null,
            versions jsonb not null,
            published_at timestamptz not null,
            retired_at timestamptz,
            position bigint not null
          )`.execute(db);
        await sql`
          create table price_list_customers (
            partner_id text not null,
            account_id text not null,
            status text not null,
            assignments jsonb not null default '[]'::jsonb,
            position bigint not null,
            primary key (partner_id, account_id)
          )`.execute(db);
        await sql`create index price_list_customers_account on price_list_customers (account_id)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table price_list_customers`.execute(db);
        await sql`drop table price_lists`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PriceListEvent | CustomerEvent;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'PriceListPublished': {
        const { priceListId, ...version } = event.data;
        await sql`
          insert into price_lists (price_list_id, name, currency, status, versions, published_at, position)
          values (${priceListId}, ${version.name}, ${version.currency}, 'published', ${JSON.stringify([version])}::jsonb, ${version.publishedAt}, ${position}::bigint)
          on conflict (price_list_id) do update set name = excluded.name, versions = price_lists.versions || excluded.versions, position = excluded.position`.execute(trx);
        return;
      }
      case 'PriceListRetired':
        await sql`update price_lists set status = 'retired', retired_at = ${event.data.retiredAt}, position = ${position}::bigint where price_list_id = ${event.data.priceListId}`.execute(trx);
        return;
      case 'CustomerInvited':
        await sql`
          insert into price_list_customers (partner_id, account_id, status, assignments, position)
          values (${event.data.partnerId}, ${event.data.accountId}, 'invited', '[]'::jsonb, ${position}::bigint)
          on conflict (partner_id, account_id) do update set status = 'invited', assignments = '[]'::jsonb, position = excluded.position`.execute(trx);
        return;
      case 'CustomerInvitationConfirmed':
        if (!event.data.requiresApproval) return;
        await sql`update price_list_customers set status = 'pending_approval', position = ${position}::bigint where partner_id = ${event.data.partnerId} and account_id = ${event.data.accountId}`.execute(trx);
        return;
      case 'CustomerPriceListAssigned': {
        const d = event.data;
        await sql`
          update price_list_customers set assignments = assignments || ${JSON.stringify([{ priceListId: d.priceListId, effectiveMonth: d.effectiveMonth, assignedAt: d.assignedAt }])}::jsonb, position = ${position}::bigint
          where partner_id = ${d.partnerId} and account_id = ${d.accountId}`.execute(trx);
        return;
      }
      case 'CustomerDiscountSet':
        return;
      default: {
        const status = STATUS_AFTER[event.type];
        if (!status) return;
        await sql`update price_list_customers set status = ${status}, position = ${position}::bigint where partner_id = ${event.data.partnerId} and account_id = ${event.data.accountId}`.execute(trx);
      }
    }
  },
};
