import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** RejectCustomer (reviewer, with the reason the partner is told). */
export class RejectCustomerCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
