import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE } from '@pp/database';
import { ProjectionRunner } from '@pp/read-store';
import { WebhookCaller } from '../../domain/webhook.decider';
import { webhooksProjection } from '../../projections/webhooks.projection';
import { visibleSubscription, WebhookSubscriptionView } from '../webhook-views';

/** GetWebhookSubscription: one subscription with where its deliveries stand. */
export class GetWebhookSubscriptionQuery extends Query<WebhookSubscriptionView & { position: string }> {
  constructor(
    readonly caller: WebhookCaller,
    readonly subscriptionId: string,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

/** @throws DomainError `WEBHOOK_NOT_FOUND` (404), `READ_MODEL_BEHIND` (503). */
@QueryHandler(GetWebhookSubscriptionQuery)
export class GetWebhookSubscriptionHandler implements IQueryHandler<GetWebhookSubscriptionQuery, WebhookSubscriptionView & { position: string }> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ caller, subscriptionId, minPosition }: GetWebhookSubscriptionQuery): Promise<WebhookSubscriptionView & { position: string }> {
    const reached = await this.projections.waitFor([webhooksProjection.name], minPosition);
    return { ...(await visibleSubscription(this.database, caller, subscriptionId)), position: reached.toString() };
  }
}
