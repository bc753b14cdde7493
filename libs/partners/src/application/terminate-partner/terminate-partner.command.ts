import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** TerminatePartner (reviewer, with reason); final. */
export class TerminatePartnerCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
