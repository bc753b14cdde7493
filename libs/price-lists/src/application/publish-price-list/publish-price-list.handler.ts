import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, parseAmount } from '@pp/platform';
import { PriceListStream } from '../price-list-stream';
import { PublishPriceListCommand } from './publish-price-list.command';

/**
 * Publishes a price list or its next version on `price-list-{priceListId}`; answers the version
 * number (the latest one when the same version was published again, a no-op).
 * @throws DomainError `VALIDATION_FAILED` (a day not on the calendar), `CURRENCY_NOT_SUPPORTED`, `INVALID_AMOUNT`, `DUPLICATE_SKU` (400); `PRICE_LIST_RETIRED`, `CURRENCY_MISMATCH`, `EFFECTIVE_DATE_IN_PAST`, `EFFECTIVE_DATE_BEFORE_LATEST` (422).
 */
@CommandHandler(PublishPriceListCommand)
export class PublishPriceListHandler implements ICommandHandler<PublishPriceListCommand, CommandAnswer & { version: number }> {
  constructor(private readonly priceLists: PriceListStream) {}

  async execute({ priceListId, input, context }: PublishPriceListCommand): Promise<CommandAnswer & { version: number }> {
    const items = input.items.map((i) => ({ sku: i.sku, description: i.description, unit: i.unit, unitPrice: parseAmount(i.unitPrice, input.currency) }));
    const result = await this.priceLists.run(priceListId, { type: 'PublishPriceList', priceListId, name: input.name.trim(), currency: input.currency, effectiveFrom: input.effectiveFrom, items }, { context });
    const state = result.state;
    const version = state.status === 'none' ? 0 : state.versions[state.versions.length - 1].version;
    return { ...commandAnswer(priceListId, result, state.status), version };
  }
}
