import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory } from '@pp/accounts';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { InvitationTokens } from '../invitation-tokens';
import { ConfirmCustomerCommand } from './confirm-customer.command';

/**
 * Confirms the open invitation; an account already the provider's customer is approved at once, any
 * other goes to the provider's approval queue (SPEC section 4).
 * @throws DomainError `INVITATION_TOKEN_INVALID`, `INVITATION_EXPIRED`, `PARTNER_NOT_ACTIVE` (422).
 */
@CommandHandler(ConfirmCustomerCommand)
export class ConfirmCustomerHandler implements ICommandHandler<ConfirmCustomerCommand, CommandAnswer> {
  constructor(
    private readonly customers: CustomerStream,
    private readonly accounts: AccountDirectory,
  ) {}

  async execute({ accountId, token, context }: ConfirmCustomerCommand): Promise<CommandAnswer> {
    const account = await this.accounts.get(accountId);
    const isProviderCustomer = account.status === 'registered' && account.standing?.isProviderCustomer === true;
    const result = await this.customers.run({ type: 'ConfirmCustomer', accountId, tokenHash: InvitationTokens.hash(token), isProviderCustomer }, 'ConfirmCustomer', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
