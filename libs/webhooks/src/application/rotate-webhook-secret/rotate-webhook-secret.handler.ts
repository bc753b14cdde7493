import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { commandAnswer } from '@pp/platform';
import { WebhookSecretAnswer } from '../create-webhook-subscription/create-webhook-subscription.command';
import { WebhookStream } from '../webhook-stream';
import { RotateWebhookSecretCommand } from './rotate-webhook-secret.command';

/**
 * Rotates a subscription's signing secret and answers the new one.
 * @throws DomainError `WEBHOOK_NOT_FOUND` (404: none, deleted, or not the caller's).
 */
@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand, WebhookSecretAnswer> {
  constructor(private readonly webhooks: WebhookStream) {}

  async execute({ subscriptionId, context }: RotateWebhookSecretCommand): Promise<WebhookSecretAnswer> {
    const by = { role: context.actor.role, account: context.actor.account };
    const result = await this.webhooks.run(subscriptionId, { type: 'RotateWebhookSecret', subscriptionId, by }, { context });
    const version = result.state.status === 'none' ? 1 : result.state.secret.version;
    return { ...commandAnswer(subscriptionId, result, result.state.status), secret: this.webhooks.secret(subscriptionId, version), secretVersion: version };
  }
}
