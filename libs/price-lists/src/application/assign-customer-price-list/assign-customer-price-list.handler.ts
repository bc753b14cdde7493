import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CustomerStream } from '@pp/customers';
import { CommandAnswer, commandAnswer, CommandPipeline } from '@pp/platform';
import { priceListDecider, priceListFacts } from '../../domain/price-list.decider';
import { priceListStream } from '../../domain/price-list.events';
import { AssignCustomerPriceListCommand } from './assign-customer-price-list.command';

/**
 * Assigns a price list on the customer's own stream, where its approval lives, so "approved customer
 * of this partner" is checked atomically with the change; the price list's stream is read for every
 * attempt and is a condition of the append, so a retirement committed meanwhile makes it decide again.
 * @throws DomainError `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`, `EFFECTIVE_MONTH_IN_PAST`, `PRICE_LIST_NOT_FOUND`, `PRICE_LIST_RETIRED`, `CURRENCY_MISMATCH` (422).
 */
@CommandHandler(AssignCustomerPriceListCommand)
export class AssignCustomerPriceListHandler implements ICommandHandler<AssignCustomerPriceListCommand, CommandAnswer> {
  constructor(
    private readonly customers: CustomerStream,
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ partnerId, accountId, priceListId, effectiveMonth, context }: AssignCustomerPriceListCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'AssignCustomerPriceList', accountId, partnerId, priceListId, effectiveMonth }, 'AssignCustomerPriceList', context, async (reads) => ({
      priceList: priceListFacts((await this.pipeline.load(priceListStream(priceListId), priceListDecider, reads)).state),
    }));
    return commandAnswer(accountId, result, result.state.status);
  }
}
