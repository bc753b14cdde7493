import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** DeleteWebhookSubscription (its owner, or the service): nothing more is delivered to it; its delivery log stays readable. */
export class DeleteWebhookSubscriptionCommand extends Command<CommandAnswer> {
  constructor(
    readonly subscriptionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
