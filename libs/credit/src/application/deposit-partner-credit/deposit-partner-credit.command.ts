import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** DepositPartnerCredit (service): `amount` a decimal string in `currency`, which must be the program's. */
export class DepositPartnerCreditCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly input: { amount: string; currency: string; reference: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
