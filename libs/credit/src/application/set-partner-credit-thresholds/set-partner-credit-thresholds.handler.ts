import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerDirectory } from '@pp/partners';
import { CommandAnswer, commandAnswer, parseAmount } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { CreditStream } from '../credit-stream';
import { SetPartnerCreditThresholdsCommand } from './set-partner-credit-thresholds.command';

/**
 * Sets the partner's credit alert thresholds on `credit-{partnerId}`, the stream of the pool they
 * watch, so an alert is decided against the same revision as the allocation that crosses it (see
 * {@link creditDecider}); thresholds the pool is already past alert at once.
 * @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_AMOUNT`, `INVALID_THRESHOLD`, `DUPLICATE_THRESHOLD`, `TOO_MANY_THRESHOLDS` (400).
 */
@CommandHandler(SetPartnerCreditThresholdsCommand)
export class SetPartnerCreditThresholdsHandler implements ICommandHandler<SetPartnerCreditThresholdsCommand, CommandAnswer> {
  constructor(
    private readonly credit: CreditStream,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ partnerId, thresholds, context }: SetPartnerCreditThresholdsCommand): Promise<CommandAnswer> {
    const currency = this.program.currency;
    const parsed = thresholds.map((t) => ({
      ...(t.usedPercent !== undefined ? { usedPercent: t.usedPercent } : {}),
      ...(t.availableBelow !== undefined ? { availableBelow: parseAmount(t.availableBelow, currency) } : {}),
    }));
    const result = await this.credit.run(
      partnerId,
      { type: 'SetPartnerCreditThresholds', partnerId, thresholds: parsed, currency },
      { context, facts: async () => ({ partnerStatus: (await this.partners.get(partnerId)).status }) },
    );
    return commandAnswer(partnerId, result);
  }
}
