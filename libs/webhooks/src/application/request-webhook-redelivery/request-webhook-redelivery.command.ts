import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/**
 * RequestWebhookRedelivery (its owner, or the service): deliver again every event of the
 * subscription's types and scope from `fromPosition` (a global log position, inclusive) on, in log
 * order, with the same ids as before; a failing subscription becomes active again.
 */
export class RequestWebhookRedeliveryCommand extends Command<CommandAnswer> {
  constructor(
    readonly subscriptionId: string,
    readonly fromPosition: bigint,
    readonly context: CommandContext,
  ) {
    super();
  }
}
