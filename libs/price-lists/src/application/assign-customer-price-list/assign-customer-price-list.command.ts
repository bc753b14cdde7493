import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** AssignCustomerPriceList (partner): its approved customer is billed by `priceListId` from `effectiveMonth` (`YYYY-MM`, program time zone) on. */
export class AssignCustomerPriceListCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly priceListId: string,
    readonly effectiveMonth: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
