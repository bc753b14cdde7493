import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** SuspendPartner (reviewer, with reason): the partner keeps its customers but adds none and allocates no credit. */
export class SuspendPartnerCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
