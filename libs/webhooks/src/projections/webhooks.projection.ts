import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { Int8, Jsonb, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { ColumnType, Generated, Kysely } from 'kysely';
import { WEBHOOK_EVENT_TYPES, WebhookEvent } from '../domain/webhook.events';

/** A row of `webhook_subscriptions`: one subscription as its stream says now. */
export interface WebhookSubscriptionsTable {
  subscription_id: string;
  url: string;
  event_types: Jsonb<string[]>;
  /** Only this partner's events; null: every partner's. */
  partner_id: string | null;
  owner_role: string;
  owner_id: string;
  owner_partner_id: string | null;
  contact_email: string | null;
  /** `active`, `failing` or `deleted`. */
  status: string;
  secret_version: number;
  secret_fingerprint: string;
  previous_secret_version: number | null;
  previous_secret_fingerprint: string | null;
  previous_secret_valid_until: Timestamptz | null;
  created_at: Timestamptz;
  failing_since: Timestamptz | null;
  /** Position of the subscription's last event. */
  position: Int8;
}

/**
 * A row of `webhook_cursors`: how far a subscription's deliveries got, written by the delivery
 * reactor (and reset by a redelivery request). `position`: every event of its types and scope up
 * to here was delivered (answered 2xx). `generation`: the revision of the last redelivery request
 * applied, so a delivery that started before it cannot move the cursor back over it.
 */
export interface WebhookCursorsTable {
  subscription_id: string;
  position: Int8;
  generation: Int8;
  /** Failed attempts in a row at the event after `position`. */
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamptz;
  failing_since: Timestamptz | null;
  last_error: string | null;
  last_delivered_at: Timestamptz | null;
}

/** A row of `webhook_deliveries`: one attempt to deliver one event (the delivery log). */
export interface WebhookDeliveriesTable {
  id: Generated<Int8>;
  subscription_id: string;
  event_id: string;
  event_type: string;
  event_position: Int8;
  attempt: number;
  /** The answer's HTTP status; null when none came (timeout, refused connection, address not public). */
  status_code: number | null;
  ok: boolean;
  error: string | null;
  /** The first 256 characters of the answer's body, when one came. */
  response_excerpt: string | null;
  latency_ms: number;
  attempted_at: Timestamptz;
}

/** The tables of {@link webhooksProjection}. */
export interface WebhooksTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_cursors: WebhookCursorsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends WebhooksTables {}
}

/**
 * Webhook subscriptions (issue 18): `webhook_subscriptions` from the subscriptions' streams, and
 * the delivery reactor's own `webhook_cursors` (one per subscription, created with it at the
 * position of its creation: it receives what happens after) and `webhook_deliveries` (the
 * attempts). Not rebuildable: cursors record what was delivered, and a rebuild would deliver it
 * all again. Every apply is idempotent, so a page handed over twice changes nothing.
 */
export const webhooksProjection: Projection = {
  name: 'webhooks',
  eventTypes: WEBHOOK_EVENT_TYPES,
  tables: ['webhook_subscriptions', 'webhook_cursors', 'webhook_deliveries'],
  notRebuildable: 'the delivery cursors record what each subscriber received; replaying them would deliver it again',
  migrations: {
    // Named after 2026-12-10 (price lists): migrations run in name order.
    '2026-12-11T00-00-00_webhooks': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table webhook_subscriptions (
            subscription_id text primary key,
            url text not null,
            event_types jsonb not null,
            partner_id text,
            owner_role text not null,
            owner_id text not null,
            owner_partner_id text,
            contact_email text,
            status text not null,
            secret_version integer not null,
            secret_fingerprint text not null,
            previous_secret_version integer,
            previous_secret_fingerprint text,
            previous_secret_valid_until timestamptz,
            created_at timestamptz not null,
            failing_since timestamptz,
            position bigint not null
          )`.execute(db);
        await sql`create index webhook_subscriptions_owner on webhook_subscriptions (owner_partner_id, created_at)`.execute(db);
        await sql`
          create table webhook_cursors (
            subscription_id text primary key,
            position bigint not null,
            generation bigint not null default 0,
            attempts integer not null default 0,
            next_attempt_at timestamptz not null,
            failing_since timestamptz,
            last_error text,
            last_delivered_at timestamptz
          )`.execute(db);
        await sql`
          create table webhook_deliveries (
            id bigserial primary key,
            subscription_id text not null,
            event_id uuid not null,
            event_type text not null,
            event_position bigint not null,
            attempt integer not null,
            status_code integer,
            ok boolean not null,
            error text,
            response_excerpt text,
            latency_ms integer not null,
            attempted_at timestamptz not null
          )`.execute(db);
        await sql`create index webhook_deliveries_by_subscription on webhook_deliveries (subscription_id, id desc)`.execute(db);
        // The reactor drops attempts older than its retention by time.
        await sql`create index webhook_deliveries_by_time on webhook_deliveries (attempted_at)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table webhook_deliveries`.execute(db);
        await sql`drop table webhook_cursors`.execute(db);
        await sql`drop table webhook_subscriptions`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as WebhookEvent;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'WebhookSubscriptionCreated': {
        const d = event.data;
        await sql`
          insert into webhook_subscriptions (subscription_id, url, event_types, partner_id, owner_role, owner_id, owner_partner_id, contact_email, status, secret_version, secret_fingerprint, created_at, position)
          values (${d.subscriptionId}, ${d.url}, ${JSON.stringify(d.eventTypes)}::jsonb, ${d.partnerId}, ${d.owner.role}, ${d.owner.id}, ${d.owner.partnerId}, ${d.contactEmail}, 'active', ${d.secretVersion}, ${d.secretFingerprint}, ${d.createdAt}, ${position})
          on conflict (subscription_id) do nothing`.execute(trx);
        // What happened before the subscription is not its to receive (a redelivery may go back).
        await sql`insert into webhook_cursors (subscription_id, position, next_attempt_at) values (${d.subscriptionId}, ${position}, ${d.createdAt}) on conflict (subscription_id) do nothing`.execute(trx);
        return;
      }
      case 'WebhookSecretRotated': {
        const d = event.data;
        await sql`
          update webhook_subscriptions set previous_secret_version = secret_version, previous_secret_fingerprint = secret_fingerprint, previous_secret_valid_until = ${d.previousValidUntil},
            secret_version = ${d.secretVersion}, secret_fingerprint = ${d.secretFingerprint}, position = ${position}
          where subscription_id = ${d.subscriptionId} and secret_version < ${d.secretVersion}`.execute(trx);
        return;
      }
      case 'WebhookRedeliveryRequested': {
        const d = event.data;
        await sql`update webhook_subscriptions set status = 'active', failing_since = null, position = ${position} where subscription_id = ${d.subscriptionId} and status = 'failing'`.execute(trx);
        await sql`
          update webhook_cursors set position = ${(BigInt(d.fromPosition) - 1n).toString()}, generation = ${recorded.revision.toString()}, attempts = 0,
            next_attempt_at = ${d.requestedAt}, failing_since = null, last_error = null
          where subscription_id = ${d.subscriptionId} and generation < ${recorded.revision.toString()}`.execute(trx);
        return;
      }
      case 'WebhookSubscriptionFailing': {
        const d = event.data;
        await sql`update webhook_subscriptions set status = 'failing', failing_since = ${d.failingSince}, position = ${position} where subscription_id = ${d.subscriptionId} and status = 'active'`.execute(trx);
        return;
      }
      case 'WebhookSubscriptionDeleted':
        await sql`update webhook_subscriptions set status = 'deleted', position = ${position} where subscription_id = ${event.data.subscriptionId}`.execute(trx);
        return;
    }
  },
};
