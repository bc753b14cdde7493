import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { CommandAnswer, commandAnswer, ruleViolation } from '@pp/platform';
import { WebhookStream } from '../webhook-stream';
import { RequestWebhookRedeliveryCommand } from './request-webhook-redelivery.command';

/**
 * Records a redelivery request; the delivery reactor moves the subscription's cursor to it. A
 * position past the log's head would silently skip whatever comes until then, so it is refused; a
 * position past `deliveredThrough` skips the events before it (the way past an event a receiver
 * always refuses).
 * @throws DomainError `WEBHOOK_NOT_FOUND` (404: none, deleted, or not the caller's), `VALIDATION_FAILED` (400: a position below 1),
 *   `WEBHOOK_REDELIVERY_AHEAD` (422: after the log's head).
 */
@CommandHandler(RequestWebhookRedeliveryCommand)
export class RequestWebhookRedeliveryHandler implements ICommandHandler<RequestWebhookRedeliveryCommand, CommandAnswer> {
  constructor(
    private readonly webhooks: WebhookStream,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ subscriptionId, fromPosition, context }: RequestWebhookRedeliveryCommand): Promise<CommandAnswer> {
    const head = await this.store.headPosition();
    if (fromPosition > head + 1n) throw ruleViolation('WEBHOOK_REDELIVERY_AHEAD', `position ${fromPosition} is after the log's head (${head}): nothing there to deliver`, { headPosition: head.toString() });
    const by = { role: context.actor.role, account: context.actor.account };
    const result = await this.webhooks.run(subscriptionId, { type: 'RequestWebhookRedelivery', subscriptionId, by, fromPosition }, { context });
    return commandAnswer(subscriptionId, result, result.state.status);
  }
}
