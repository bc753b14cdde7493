import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { PriceListStream } from '../price-list-stream';
import { RetirePriceListCommand } from './retire-price-list.command';

/**
 * Retires a price list; retiring a retired one changes nothing.
 * @throws DomainError `PRICE_LIST_NOT_FOUND` (404).
 */
@CommandHandler(RetirePriceListCommand)
export class RetirePriceListHandler implements ICommandHandler<RetirePriceListCommand, CommandAnswer> {
  constructor(private readonly priceLists: PriceListStream) {}

  async execute({ priceListId, reason, context }: RetirePriceListCommand): Promise<CommandAnswer> {
    const result = await this.priceLists.run(priceListId, { type: 'RetirePriceList', priceListId, reason }, { context });
    return commandAnswer(priceListId, result, result.state.status);
  }
}
