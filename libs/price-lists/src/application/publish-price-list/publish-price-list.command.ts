import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** One item as the API takes it: `unitPrice` a decimal string in the list's currency (`"125000"` VND, `"12.50"` CNY). */
export interface PriceListItemBody {
  sku: string;
  description: string;
  unit: string;
  unitPrice: string;
}

/** PublishPriceList (service): a new price list, or a new version of one, replacing its items from `effectiveFrom` (`YYYY-MM-DD`, UTC) on. */
export class PublishPriceListCommand extends Command<CommandAnswer & { version: number }> {
  constructor(
    readonly priceListId: string,
    readonly input: { name: string; currency: string; effectiveFrom: string; items: readonly PriceListItemBody[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}
