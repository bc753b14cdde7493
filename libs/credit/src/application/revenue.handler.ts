import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, customerStream } from '@pp/customers';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline, parseMoney } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { DateTime } from 'luxon';
import { revenueDecider } from '../domain/credit.decider';
import { revenueStream } from '../domain/credit.events';

/** RecordCustomerRevenue (service): what a customer was billed for a month, by billing reference. */
export class RecordCustomerRevenueCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly input: { period: string; amount: string; currency: string; billingReference: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Records revenue once per billing reference (replays count once). The billed month must fall
 * within a time the account was this partner's approved customer (from the month of approval to the
 * month the relationship ended, or this month while it lasts).
 * @throws DomainError `PERIOD_IN_FUTURE`, `CUSTOMER_NOT_APPROVED`, `CURRENCY_MISMATCH` (422), `BILLING_REFERENCE_CONFLICT` (409), `INVALID_AMOUNT` (400).
 */
@CommandHandler(RecordCustomerRevenueCommand)
export class RecordCustomerRevenueHandler implements ICommandHandler<RecordCustomerRevenueCommand, CommandAnswer> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, accountId, input, context }: RecordCustomerRevenueCommand): Promise<CommandAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency);
    const customer = (await this.pipeline.load(customerStream(accountId), customerDecider)).state;
    const month = (iso: string | Date) => DateTime.fromJSDate(new Date(iso), { zone: this.program.timeZone }).toFormat('yyyy-MM');
    const relationships = customer.spans.map((s) => ({ partnerId: s.partnerId, from: month(s.from), to: s.to === null ? null : month(s.to) }));
    const result = await this.pipeline.execute({
      streamId: revenueStream(input.billingReference),
      decider: revenueDecider,
      command: { type: 'RecordCustomerRevenue', partnerId, accountId, period: input.period, amount: money.amount, currency: money.currency, billingReference: input.billingReference, relationships },
      commandName: 'RecordCustomerRevenue',
      context,
      deciderContext: { now: context.now, currentMonth: month(context.now) },
    });
    return commandAnswer(input.billingReference, result);
  }
}
