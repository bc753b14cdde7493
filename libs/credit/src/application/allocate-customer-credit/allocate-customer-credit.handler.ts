import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, customerStream, isApprovedCustomerOf } from '@pp/customers';
import { isOperating, PartnerDirectory } from '@pp/partners';
import { commandAnswer, CommandPipeline, formatAmount, parseMoney } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { available } from '../../domain/credit.decider';
import { CreditStream } from '../credit-stream';
import { AllocateCustomerCreditCommand, AllocationAnswer } from './allocate-customer-credit.command';

/**
 * Moves credit between the pool and a customer. The partner's and the customer's status are read
 * fresh for every attempt, the customer's stream as a condition of the append.
 * @throws DomainError `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`, `INSUFFICIENT_CREDIT`, `CURRENCY_MISMATCH` (422), `INVALID_AMOUNT` (400).
 */
@CommandHandler(AllocateCustomerCreditCommand)
export class AllocateCustomerCreditHandler implements ICommandHandler<AllocateCustomerCreditCommand, AllocationAnswer> {
  constructor(
    private readonly credit: CreditStream,
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, accountId, input, context }: AllocateCustomerCreditCommand): Promise<AllocationAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency, { allowNegative: true });
    const result = await this.credit.run(
      partnerId,
      { type: 'AllocateCustomerCredit', partnerId, accountId, amount: money.amount, currency: money.currency },
      {
        context,
        facts: async (_state, reads) => {
          const [partner, customer] = await Promise.all([this.partners.get(partnerId), this.pipeline.load(customerStream(accountId), customerDecider, reads)]);
          return { partnerOperating: isOperating(partner), customerApproved: isApprovedCustomerOf(customer.state, partnerId) };
        },
      },
    );
    return {
      ...commandAnswer(accountId, result),
      customerBalance: formatAmount(result.state.balances.get(accountId) ?? 0n, this.program.currency),
      available: formatAmount(available(result.state), this.program.currency),
    };
  }
}
