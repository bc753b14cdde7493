import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { WebhookStream } from '../webhook-stream';
import { RequestWebhookRedeliveryCommand } from './request-webhook-redelivery.command';

/**
 * Records a redelivery request; the delivery reactor moves the subscription's cursor back to it.
 * @throws DomainError `WEBHOOK_NOT_FOUND` (404: none, deleted, or not the caller's), `VALIDATION_FAILED` (400: a position below 1).
 */
@CommandHandler(RequestWebhookRedeliveryCommand)
export class RequestWebhookRedeliveryHandler implements ICommandHandler<RequestWebhookRedeliveryCommand, CommandAnswer> {
  constructor(private readonly webhooks: WebhookStream) {}

  async execute({ subscriptionId, fromPosition, context }: RequestWebhookRedeliveryCommand): Promise<CommandAnswer> {
    const by = { role: context.actor.role, account: context.actor.account };
    const result = await this.webhooks.run(subscriptionId, { type: 'RequestWebhookRedelivery', subscriptionId, by, fromPosition }, { context });
    return commandAnswer(subscriptionId, result, result.state.status);
  }
}
