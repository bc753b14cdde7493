import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** SetCustomerDiscount (partner): a percentage (decimal string, at most two decimals) from a month (`YYYY-MM`) on. */
export class SetCustomerDiscountCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly percent: string,
    readonly effectiveMonth: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
