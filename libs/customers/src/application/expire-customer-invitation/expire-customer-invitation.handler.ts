import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { ExpireCustomerInvitationCommand } from './expire-customer-invitation.command';

/** A no-op unless the invitation is still open and due. */
@CommandHandler(ExpireCustomerInvitationCommand)
export class ExpireCustomerInvitationHandler implements ICommandHandler<ExpireCustomerInvitationCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ accountId, invitationId, context }: ExpireCustomerInvitationCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'ExpireCustomerInvitation', accountId, invitationId }, 'ExpireCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
