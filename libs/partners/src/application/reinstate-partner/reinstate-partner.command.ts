import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** ReinstatePartner (reviewer, with reason): back to the status it was suspended from. */
export class ReinstatePartnerCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
