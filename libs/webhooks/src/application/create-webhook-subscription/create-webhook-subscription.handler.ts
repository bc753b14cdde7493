import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { commandAnswer, forbidden } from '@pp/platform';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { WebhookOwner } from '../../domain/webhook.events';
import { checkWebhookUrl } from '../../delivery/url-safety';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../webhook-settings';
import { WebhookStream } from '../webhook-stream';
import { CreateWebhookSubscriptionCommand, WebhookSecretAnswer } from './create-webhook-subscription.command';

/** Namespace of subscription ids derived from idempotency keys. */
const SUBSCRIPTION_ID_NAMESPACE = '3b0f7a52-1c2e-4e57-9d7e-8a4f5c6b2d10';

/**
 * Creates a subscription after its URL passed the safety rules (`checkWebhookUrl`: https in
 * production, a public address unless `WEBHOOK_ALLOW_PRIVATE`). With an Idempotency-Key the id is
 * derived from it, so a retry creates nothing new.
 * @throws DomainError `FORBIDDEN` (403: a partner naming another partner), `WEBHOOK_URL_*`,
 *   `WEBHOOK_EVENT_TYPE_UNKNOWN` (400), `WEBHOOK_CONTACT_REQUIRED` (422), `WEBHOOK_EXISTS` (409).
 */
@CommandHandler(CreateWebhookSubscriptionCommand)
export class CreateWebhookSubscriptionHandler implements ICommandHandler<CreateWebhookSubscriptionCommand, WebhookSecretAnswer> {
  constructor(
    private readonly webhooks: WebhookStream,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  async execute({ input, context }: CreateWebhookSubscriptionCommand): Promise<WebhookSecretAnswer> {
    const { actor } = context;
    let owner: WebhookOwner;
    let partnerId = input.partnerId;
    if (actor.role === 'partner') {
      if (!actor.account) throw forbidden('a partner token names its partner account');
      if (partnerId !== null && partnerId !== actor.account) throw forbidden('a partner subscribes to its own events only');
      partnerId = actor.account;
      owner = { role: 'partner', id: actor.id, partnerId: actor.account };
    } else {
      owner = { role: 'service', id: actor.id, partnerId: null };
    }
    const url = (await checkWebhookUrl(input.url, { requireHttps: this.settings.requireHttps, allowPrivate: this.settings.allowPrivate })).toString();
    const subscriptionId = context.idempotencyKey ? uuidv5(context.idempotencyKey, SUBSCRIPTION_ID_NAMESPACE) : randomUUID();
    const result = await this.webhooks.run(
      subscriptionId,
      { type: 'CreateWebhookSubscription', subscriptionId, url, eventTypes: input.eventTypes, partnerId, owner, contactEmail: input.contactEmail },
      { context },
    );
    const version = result.state.status === 'none' ? 1 : result.state.secret.version;
    return { ...commandAnswer(subscriptionId, result, result.state.status), secret: this.webhooks.secret(subscriptionId, version), secretVersion: version };
  }
}
