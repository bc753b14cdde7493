import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/**
 * WithdrawCustomerInvitation: issued by the invitation reactor for the open invitations of a partner
 * that was suspended or terminated, so that the account is free for another partner (issue 12).
 */
export class WithdrawCustomerInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly invitationId: string,
    /** Why, as the invitee is told: e.g. `partner terminated: <the reviewer's reason>`. */
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
