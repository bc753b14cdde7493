import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** RecordAssessment (reviewer), after the assessment period: passed, or failed with the outcome (seed 004). */
export class RecordAssessmentCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly passed: boolean,
    readonly outcomeIfFailed: 'suspended' | 'terminated' | undefined,
    readonly notes: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
