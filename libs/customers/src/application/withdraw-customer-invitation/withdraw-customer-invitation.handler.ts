import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { WithdrawCustomerInvitationCommand } from './withdraw-customer-invitation.command';

/** A no-op unless that invitation is still open. */
@CommandHandler(WithdrawCustomerInvitationCommand)
export class WithdrawCustomerInvitationHandler implements ICommandHandler<WithdrawCustomerInvitationCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ accountId, invitationId, reason, context }: WithdrawCustomerInvitationCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'WithdrawCustomerInvitation', accountId, invitationId, reason }, 'WithdrawCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
