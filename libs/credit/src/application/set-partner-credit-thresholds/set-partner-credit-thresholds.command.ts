import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/**
 * SetPartnerCreditThresholds (partner, its own pool; issue 18): the whole list, replacing the one
 * before (empty clears it). Each item one of `usedPercent` (whole percent 1-100) or `availableBelow`
 * (decimal string in the program currency, as other amounts of the API).
 */
export class SetPartnerCreditThresholdsCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly thresholds: ReadonlyArray<{ usedPercent?: number; availableBelow?: string }>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
