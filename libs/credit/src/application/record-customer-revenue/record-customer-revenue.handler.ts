import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, customerStream } from '@pp/customers';
import { BoundCommand, CommandAnswer, commandAnswer, CommandPipeline, parseMoney } from '@pp/platform';
import { priceListDecider, priceListStream } from '@pp/price-lists';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { DateTime } from 'luxon';
import { RevenueCommand, RevenueContext, revenueDecider, RevenueState } from '../../domain/credit.decider';
import { CustomerRevenueRecorded, revenueStream } from '../../domain/credit.events';
import { RecordCustomerRevenueCommand } from './record-customer-revenue.command';

/**
 * Records revenue once per billing reference (replays count once), for a month in which the account
 * was this partner's approved customer: see {@link revenueDecider}.
 * @throws DomainError `PERIOD_IN_FUTURE`, `CUSTOMER_NOT_APPROVED`, `CURRENCY_MISMATCH`, `PRICE_LIST_NOT_FOUND` (422), `BILLING_REFERENCE_CONFLICT` (409), `INVALID_AMOUNT` (400).
 */
@CommandHandler(RecordCustomerRevenueCommand)
export class RecordCustomerRevenueHandler implements ICommandHandler<RecordCustomerRevenueCommand, CommandAnswer> {
  private readonly record: BoundCommand<RevenueCommand, RevenueState, CustomerRevenueRecorded, RevenueContext>;

  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {
    this.record = pipeline.for(revenueDecider, revenueStream, { timeZone: program.timeZone });
  }

  async execute({ partnerId, accountId, input, context }: RecordCustomerRevenueCommand): Promise<CommandAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency);
    const customer = (await this.pipeline.load(customerStream(accountId), customerDecider)).state;
    const month = (iso: string) => DateTime.fromISO(iso, { zone: this.program.timeZone }).toFormat('yyyy-MM');
    const relationships = customer.spans.map((s) => ({ partnerId: s.partnerId, from: month(s.from), to: s.to === null ? null : month(s.to) }));
    let priceList: { id: string; version: number; exists: boolean; currency: string | null } | undefined;
    if (input.priceList) {
      const list = (await this.pipeline.load(priceListStream(input.priceList.id), priceListDecider)).state;
      const exists = list.status !== 'none' && list.versions.some((v) => v.version === input.priceList!.version);
      priceList = { ...input.priceList, exists, currency: list.status === 'none' ? null : list.currency };
    }
    const result = await this.record(
      input.billingReference,
      { type: 'RecordCustomerRevenue', partnerId, accountId, period: input.period, amount: money.amount, currency: money.currency, billingReference: input.billingReference, relationships, ...(priceList ? { priceList } : {}) },
      { context },
    );
    return commandAnswer(input.billingReference, result);
  }
}
