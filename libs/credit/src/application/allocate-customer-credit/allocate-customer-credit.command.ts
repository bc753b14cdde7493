import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** The allocation answer: the command answer plus the customer's balance and the pool, decimal strings. */
export interface AllocationAnswer extends CommandAnswer {
  customerBalance: string;
  available: string;
}

/** AllocateCustomerCredit (partner): `amount` a decimal string; a negative amount reclaims. */
export class AllocateCustomerCreditCommand extends Command<AllocationAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly input: { amount: string; currency: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
