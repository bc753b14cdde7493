import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { InvitationTokens } from '../invitation-tokens';
import { DeclineCustomerInvitationCommand } from './decline-customer-invitation.command';

/** Declines the open invitation: the account is free again. @throws DomainError `INVITATION_TOKEN_INVALID`, `INVITATION_EXPIRED` (422). */
@CommandHandler(DeclineCustomerInvitationCommand)
export class DeclineCustomerInvitationHandler implements ICommandHandler<DeclineCustomerInvitationCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ accountId, token, context }: DeclineCustomerInvitationCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'DeclineCustomerInvitation', accountId, tokenHash: InvitationTokens.hash(token) }, 'DeclineCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
