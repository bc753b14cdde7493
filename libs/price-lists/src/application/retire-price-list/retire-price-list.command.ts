import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** RetirePriceList (service): no customer is assigned the list any more. */
export class RetirePriceListCommand extends Command<CommandAnswer> {
  constructor(
    readonly priceListId: string,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}
