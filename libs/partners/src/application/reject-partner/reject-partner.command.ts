import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** RejectPartner (reviewer), with the reason the applicant is told. */
export class RejectPartnerCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
