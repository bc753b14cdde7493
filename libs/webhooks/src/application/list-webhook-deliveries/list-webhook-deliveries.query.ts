import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { Selectable } from 'kysely';
import { WebhookCaller } from '../../domain/webhook.decider';
import { ProjectionRunner } from '@pp/read-store';
import { WebhookDeliveriesTable, webhooksProjection } from '../../projections/webhooks.projection';
import { visibleSubscription } from '../webhook-views';

/** One attempt of the delivery log. Times UTC ISO-8601. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  eventPosition: string;
  /** 1 for the first attempt at this event, counting up while it fails. */
  attempt: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  /** The first 256 characters of the receiver's answer, when one came. */
  responseExcerpt: string | null;
  latencyMs: number;
  attemptedAt: string;
}

/** The answer of GET /v1/webhooks/{id}/deliveries: newest first; `nextCursor` pages on (null: no more). */
export interface WebhookDeliveryPage {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}

/**
 * ListWebhookDeliveries: a subscription's delivery attempts (kept 30 days), newest first, `limit`
 * (1-200) a page, older than `cursor`; `minPosition` waits for the subscription to be known.
 */
export class ListWebhookDeliveriesQuery extends Query<WebhookDeliveryPage> {
  constructor(
    readonly caller: WebhookCaller,
    readonly subscriptionId: string,
    readonly page: { limit: number; cursor?: string; minPosition?: bigint },
  ) {
    super();
  }
}

/** @throws DomainError `WEBHOOK_NOT_FOUND` (404), `READ_MODEL_BEHIND` (503). */
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery, WebhookDeliveryPage> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ caller, subscriptionId, page }: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    await this.projections.waitFor([webhooksProjection.name], page.minPosition);
    await visibleSubscription(this.database, caller, subscriptionId);
    // The DTO let only positions below 2^63 through (IsPositionConstraint).
    const before = page.cursor;
    const { rows } = await sql<Selectable<WebhookDeliveriesTable>>`
      select * from webhook_deliveries where subscription_id = ${subscriptionId}
      ${before ? sql`and id < ${before}::bigint` : sql``}
      order by id desc limit ${page.limit + 1}`.execute(this.database.db);
    const items = rows.slice(0, page.limit).map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      eventType: r.event_type,
      eventPosition: String(r.event_position),
      attempt: r.attempt,
      statusCode: r.status_code,
      ok: r.ok,
      error: r.error,
      responseExcerpt: r.response_excerpt,
      latencyMs: r.latency_ms,
      attemptedAt: new Date(r.attempted_at).toISOString(),
    }));
    return { items, nextCursor: rows.length > page.limit ? items[items.length - 1].id : null };
  }
}
