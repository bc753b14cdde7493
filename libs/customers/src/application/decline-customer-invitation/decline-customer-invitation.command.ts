import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** DeclineCustomerInvitation (the customer account itself, with the token from the invitation e-mail). */
export class DeclineCustomerInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly token: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
