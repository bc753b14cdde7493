import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** ExpireCustomerInvitation: issued by the invitation reactor when an invitation's time has come. */
export class ExpireCustomerInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly invitationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
