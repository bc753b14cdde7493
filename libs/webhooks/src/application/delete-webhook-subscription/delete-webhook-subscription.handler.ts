import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { WebhookStream } from '../webhook-stream';
import { DeleteWebhookSubscriptionCommand } from './delete-webhook-subscription.command';

/**
 * Deletes a subscription; deleting it again changes nothing.
 * @throws DomainError `WEBHOOK_NOT_FOUND` (404: none, or not the caller's).
 */
@CommandHandler(DeleteWebhookSubscriptionCommand)
export class DeleteWebhookSubscriptionHandler implements ICommandHandler<DeleteWebhookSubscriptionCommand, CommandAnswer> {
  constructor(private readonly webhooks: WebhookStream) {}

  async execute({ subscriptionId, context }: DeleteWebhookSubscriptionCommand): Promise<CommandAnswer> {
    const by = { role: context.actor.role, account: context.actor.account };
    const result = await this.webhooks.run(subscriptionId, { type: 'DeleteWebhookSubscription', subscriptionId, by }, { context });
    return commandAnswer(subscriptionId, result, result.state.status);
  }
}
