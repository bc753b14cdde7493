import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE } from '@pp/database';
import { ProjectionRunner } from '@pp/read-store';
import { WebhookCaller } from '../../domain/webhook.decider';
import { webhooksProjection } from '../../projections/webhooks.projection';
import { visibleSubscriptions, WebhookSubscriptionView } from '../webhook-views';

/** The answer of GET /v1/webhooks. */
export interface WebhookSubscriptionPage {
  items: WebhookSubscriptionView[];
  position: string;
}

/** ListWebhookSubscriptions: the caller's subscriptions (the service's: all, or one partner's), oldest first, deleted ones left out; at most 200. */
export class ListWebhookSubscriptionsQuery extends Query<WebhookSubscriptionPage> {
  constructor(
    readonly caller: WebhookCaller,
    readonly filter: { partnerId?: string; minPosition?: bigint },
  ) {
    super();
  }
}

/** @throws DomainError `READ_MODEL_BEHIND` (503). */
@QueryHandler(ListWebhookSubscriptionsQuery)
export class ListWebhookSubscriptionsHandler implements IQueryHandler<ListWebhookSubscriptionsQuery, WebhookSubscriptionPage> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ caller, filter }: ListWebhookSubscriptionsQuery): Promise<WebhookSubscriptionPage> {
    const reached = await this.projections.waitFor([webhooksProjection.name], filter.minPosition);
    return { items: await visibleSubscriptions(this.database, caller, { partnerId: filter.partnerId }), position: reached.toString() };
  }
}
