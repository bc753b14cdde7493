import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** RecordCustomerRevenue (service): what a customer was billed for a month (`YYYY-MM`), by billing reference; `amount` a decimal string; optionally the price list version billed. */
export class RecordCustomerRevenueCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly input: { period: string; amount: string; currency: string; billingReference: string; priceList?: { id: string; version: number } },
    readonly context: CommandContext,
  ) {
    super();
  }
}
