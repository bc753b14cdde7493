import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** ApproveCustomer (reviewer): the provider approves a confirmed customer relationship. */
export class ApproveCustomerCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
