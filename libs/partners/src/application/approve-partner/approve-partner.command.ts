import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** ApprovePartner (reviewer): approved, or in assessment where the program has an assessment period. */
export class ApprovePartnerCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
