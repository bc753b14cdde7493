import { Inject, Injectable } from '@nestjs/common';
import { BoundCommand, CommandAnswer, commandAnswer, CommandContext, CommandPipeline } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { PartnerCommand, partnerDecider, PartnerContext, PartnerState } from '../domain/partner.decider';
import { PartnerEvent, partnerStream } from '../domain/partner.events';

/** A partner command's answer: the command answer plus the partner's dates where they changed. */
export interface PartnerAnswer extends CommandAnswer {
  approvedAt?: string | null;
  assessmentEndsAt?: string | null;
}

/**
 * `partner-{accountId}`'s commands, bound once: the partner decider with the program and its
 * business calendar (see `CommandPipeline.for`). Every handler of the partners context runs
 * through {@link run} or {@link handle}.
 */
@Injectable()
export class PartnerStream {
  /** Runs a partner command on the stream of the partner id given. */
  readonly handle: BoundCommand<PartnerCommand, PartnerState, PartnerEvent, PartnerContext>;

  constructor(
    pipeline: CommandPipeline,
    @Inject(PROGRAM) readonly program: ProgramPreset,
  ) {
    this.handle = pipeline.for(partnerDecider, partnerStream, { program, calendar: new BusinessCalendar(program) });
  }

  /**
   * Runs a lifecycle command that needs no facts from other streams and answers with the partner's status.
   * @throws DomainError as {@link partnerDecider} decides.
   */
  async run(command: Exclude<PartnerCommand, { type: 'RegisterPartner' }>, context: CommandContext): Promise<PartnerAnswer> {
    const result = await this.handle(command.partnerId, command, { context });
    return commandAnswer(command.partnerId, result, result.state.status);
  }
}
