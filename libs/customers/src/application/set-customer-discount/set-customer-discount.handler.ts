import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, parsePercent } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { SetCustomerDiscountCommand } from './set-customer-discount.command';

/**
 * Sets a discount on the customer's own stream, where its approval lives, so "approved customer of
 * this partner" is checked atomically with the change.
 * @throws DomainError `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`, `EFFECTIVE_MONTH_IN_PAST`, `DISCOUNT_ABOVE_CAP` (422), `INVALID_PERCENT` (400).
 */
@CommandHandler(SetCustomerDiscountCommand)
export class SetCustomerDiscountHandler implements ICommandHandler<SetCustomerDiscountCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ partnerId, accountId, percent, effectiveMonth, context }: SetCustomerDiscountCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'SetCustomerDiscount', accountId, partnerId, basisPoints: parsePercent(percent), effectiveMonth }, 'SetCustomerDiscount', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
