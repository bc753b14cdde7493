import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/**
 * RetirePriceList (service): from now on the list takes no new version and no new assignment;
 * customers already assigned it keep it (in effect and in their history) until their partner assigns
 * another. Retiring a retired list is a no-op; a list never published is `PRICE_LIST_NOT_FOUND` (404).
 */
export class RetirePriceListCommand extends Command<CommandAnswer> {
  constructor(
    readonly priceListId: string,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}
