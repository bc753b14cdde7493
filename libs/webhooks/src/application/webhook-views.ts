import { Database, sql } from '@pp/database';
import { notFound } from '@pp/platform';
import { Selectable } from 'kysely';
import { WebhookCaller } from '../domain/webhook.decider';
import { WebhookCursorsTable, WebhookSubscriptionsTable } from '../projections/webhooks.projection';

/** A subscription as GET /v1/webhooks answers it (never its secret). Times UTC ISO-8601; positions decimal strings. */
export interface WebhookSubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  /** Only this partner's events; null: every partner's. */
  partnerId: string | null;
  owner: { role: string; id: string };
  contactEmail: string | null;
  /** `active`, `failing` (deliveries stopped after a day of failures: ask for a redelivery) or `deleted`. */
  status: string;
  secretVersion: number;
  createdAt: string;
  failingSince: string | null;
  delivery: {
    /** Every event of its types and scope up to this position was delivered. */
    deliveredThrough: string;
    /** Failed attempts in a row at the next event. */
    attempts: number;
    nextAttemptAt: string;
    lastError: string | null;
    lastDeliveredAt: string | null;
  };
}

type Row = Selectable<WebhookSubscriptionsTable> & Pick<Selectable<WebhookCursorsTable>, 'attempts' | 'next_attempt_at' | 'last_error' | 'last_delivered_at'> & { cursor_position: unknown };

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The view of a joined subscription and cursor row. */
export function webhookView(r: Row): WebhookSubscriptionView {
  return {
    id: r.subscription_id,
    url: r.url,
    eventTypes: r.event_types,
    partnerId: r.partner_id,
    owner: { role: r.owner_role, id: r.owner_id },
    contactEmail: r.contact_email,
    status: r.status,
    secretVersion: r.secret_version,
    createdAt: iso(r.created_at)!,
    failingSince: iso(r.failing_since),
    delivery: { deliveredThrough: String(r.cursor_position), attempts: r.attempts, nextAttemptAt: iso(r.next_attempt_at)!, lastError: r.last_error, lastDeliveredAt: iso(r.last_delivered_at) },
  };
}

/** Subscriptions `caller` may see: the provider's systems every one, a partner its own. */
export async function visibleSubscriptions(database: Database, caller: WebhookCaller, where: { subscriptionId?: string; partnerId?: string; includeDeleted?: boolean }, limit = 200): Promise<WebhookSubscriptionView[]> {
  const { rows } = await sql<Row>`
    select s.*, c.position as cursor_position, c.attempts, c.next_attempt_at, c.last_error, c.last_delivered_at
    from webhook_subscriptions s join webhook_cursors c using (subscription_id)
    where true
    ${caller.role === 'service' ? sql`` : sql`and s.owner_role = 'partner' and s.owner_partner_id = ${caller.account ?? ''}`}
    ${where.subscriptionId !== undefined ? sql`and s.subscription_id = ${where.subscriptionId}` : sql``}
    ${where.partnerId !== undefined ? sql`and s.partner_id = ${where.partnerId}` : sql``}
    ${where.includeDeleted ? sql`` : sql`and s.status <> 'deleted'`}
    order by s.created_at, s.subscription_id limit ${limit}`.execute(database.db);
  return rows.map(webhookView);
}

/**
 * The subscription if `caller` may see it (a deleted one too).
 * @throws DomainError `WEBHOOK_NOT_FOUND` (404).
 */
export async function visibleSubscription(database: Database, caller: WebhookCaller, subscriptionId: string): Promise<WebhookSubscriptionView> {
  const [view] = await visibleSubscriptions(database, caller, { subscriptionId, includeDeleted: true }, 1);
  if (!view) throw notFound('WEBHOOK_NOT_FOUND', `no webhook subscription ${subscriptionId}`);
  return view;
}
