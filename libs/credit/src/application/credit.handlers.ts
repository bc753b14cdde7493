import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider, CustomerState, customerStream } from '@pp/customers';
import { isOperating, PartnerDirectory } from '@pp/partners';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline, formatAmount, notFound, parseMoney, ruleViolation } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { available, creditDecider } from '../domain/credit.decider';
import { creditStream } from '../domain/credit.events';

/** DepositPartnerCredit (service): `amount` a decimal string in `currency`, which must be the program's. */
export class DepositPartnerCreditCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly input: { amount: string; currency: string; reference: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The allocation answer: the command answer plus the customer's balance and the pool, decimal strings. */
export interface AllocationAnswer extends CommandAnswer {
  customerBalance: string;
  available: string;
}

/** AllocateCustomerCredit (partner): a negative amount reclaims. */
export class AllocateCustomerCreditCommand extends Command<AllocationAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly input: { amount: string; currency: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Whether the customer stream says the account is an approved customer of this partner now. */
export const isApprovedCustomerOf = (state: CustomerState, partnerId: string) => state.status === 'approved' && state.invitation.partnerId === partnerId;

/**
 * Deposits into the partner's pool, once per payment reference.
 * @throws DomainError `PARTNER_NOT_FOUND` (404), `PARTNER_NOT_ACTIVE`, `CURRENCY_MISMATCH` (422), `INVALID_AMOUNT` (400), `DEPOSIT_REFERENCE_CONFLICT` (409).
 */
@CommandHandler(DepositPartnerCreditCommand)
export class DepositPartnerCreditHandler implements ICommandHandler<DepositPartnerCreditCommand, CommandAnswer> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, input, context }: DepositPartnerCreditCommand): Promise<CommandAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency);
    const partner = await this.partners.get(partnerId);
    if (partner.status === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner ${partnerId}`);
    // A suspended partner keeps its pool (and may be reinstated); an applicant, a rejected or a terminated one has none.
    if (!isOperating(partner) && partner.status !== 'suspended') throw ruleViolation('PARTNER_NOT_ACTIVE', `credit is deposited only for a partner; this one is ${partner.status}`);
    const result = await this.pipeline.execute({
      streamId: creditStream(partnerId),
      decider: creditDecider,
      command: { type: 'DepositPartnerCredit', partnerId, amount: money.amount, currency: money.currency, reference: input.reference },
      commandName: 'DepositPartnerCredit',
      context,
      deciderContext: { now: context.now },
    });
    return commandAnswer(partnerId, result);
  }
}

/**
 * Moves credit between the pool and a customer. The partner's and the customer's status are read
 * fresh before each decision (and again on every retry after a concurrent change).
 * @throws DomainError `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`, `INSUFFICIENT_CREDIT`, `CURRENCY_MISMATCH` (422), `INVALID_AMOUNT` (400).
 */
@CommandHandler(AllocateCustomerCreditCommand)
export class AllocateCustomerCreditHandler implements ICommandHandler<AllocateCustomerCreditCommand, AllocationAnswer> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, accountId, input, context }: AllocateCustomerCreditCommand): Promise<AllocationAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency, { allowNegative: true });
    const result = await this.pipeline.execute({
      streamId: creditStream(partnerId),
      decider: creditDecider,
      command: { type: 'AllocateCustomerCredit', partnerId, accountId, amount: money.amount, currency: money.currency },
      commandName: 'AllocateCustomerCredit',
      context,
      deciderContext: async () => {
        const [partner, customer] = await Promise.all([this.partners.get(partnerId), this.pipeline.load(customerStream(accountId), customerDecider)]);
        return { now: context.now, partnerOperating: isOperating(partner), customerApproved: isApprovedCustomerOf(customer.state, partnerId) };
      },
    });
    return {
      ...commandAnswer(accountId, result),
      customerBalance: formatAmount(result.state.balances.get(accountId) ?? 0n, this.program.currency),
      available: formatAmount(available(result.state), this.program.currency),
    };
  }
}
