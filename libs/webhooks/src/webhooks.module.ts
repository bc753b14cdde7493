import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WebhooksController } from './api/webhooks.controller';
import { CreateWebhookSubscriptionHandler } from './application/create-webhook-subscription/create-webhook-subscription.handler';
import { DeleteWebhookSubscriptionHandler } from './application/delete-webhook-subscription/delete-webhook-subscription.handler';
import { GetWebhookSubscriptionHandler } from './application/get-webhook-subscription/get-webhook-subscription.query';
import { ListWebhookDeliveriesHandler } from './application/list-webhook-deliveries/list-webhook-deliveries.query';
import { ListWebhookSubscriptionsHandler } from './application/list-webhook-subscriptions/list-webhook-subscriptions.query';
import { RequestWebhookRedeliveryHandler } from './application/request-webhook-redelivery/request-webhook-redelivery.handler';
import { RotateWebhookSecretHandler } from './application/rotate-webhook-secret/rotate-webhook-secret.handler';
import { WebhookDeliveryReactor } from './application/webhook-delivery.reactor';
import { WebhookStream } from './application/webhook-stream';

/** Webhooks (issue 18): subscriptions, their delivery reactor and the delivery log. `WEBHOOK_SETTINGS` comes from the infrastructure module. */
@Module({
  imports: [CqrsModule],
  controllers: [WebhooksController],
  providers: [
    WebhookStream,
    CreateWebhookSubscriptionHandler,
    RotateWebhookSecretHandler,
    DeleteWebhookSubscriptionHandler,
    RequestWebhookRedeliveryHandler,
    ListWebhookSubscriptionsHandler,
    GetWebhookSubscriptionHandler,
    ListWebhookDeliveriesHandler,
    WebhookDeliveryReactor,
  ],
  exports: [WebhookDeliveryReactor],
})
export class WebhooksModule {}
