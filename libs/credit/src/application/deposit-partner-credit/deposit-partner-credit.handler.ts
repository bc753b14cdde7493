import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerDirectory } from '@pp/partners';
import { CommandAnswer, commandAnswer, parseMoney } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { CreditStream } from '../credit-stream';
import { DepositPartnerCreditCommand } from './deposit-partner-credit.command';

/**
 * Deposits into the partner's pool, once per payment reference; the partner's status is read for
 * every attempt.
 * @throws DomainError `PARTNER_NOT_FOUND` (404), `PARTNER_NOT_ACTIVE`, `CURRENCY_MISMATCH` (422), `INVALID_AMOUNT` (400), `DEPOSIT_REFERENCE_CONFLICT` (409).
 */
@CommandHandler(DepositPartnerCreditCommand)
export class DepositPartnerCreditHandler implements ICommandHandler<DepositPartnerCreditCommand, CommandAnswer> {
  constructor(
    private readonly credit: CreditStream,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, input, context }: DepositPartnerCreditCommand): Promise<CommandAnswer> {
    const money = parseMoney(input.amount, input.currency, this.program.currency);
    const result = await this.credit.run(
      partnerId,
      { type: 'DepositPartnerCredit', partnerId, amount: money.amount, currency: money.currency, reference: input.reference },
      { context, facts: async () => ({ partnerStatus: (await this.partners.get(partnerId)).status }) },
    );
    return commandAnswer(partnerId, result);
  }
}
