import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';
import { AccountType, BillingMode } from '../../domain/account.events';

/** RegisterAccount (service): a new cloud account from the identity service (SPEC section 6). */
export class RegisterAccountCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: { accountId: string; email: string; type: AccountType; billing: BillingMode },
    readonly context: CommandContext,
  ) {
    super();
  }
}
