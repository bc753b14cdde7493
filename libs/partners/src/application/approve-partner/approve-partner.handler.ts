import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { partnerDecider, PartnerContext } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.events';

/** ApprovePartner / RejectPartner (reviewer). */
export class DecidePartnerApplicationCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: { partnerId: string; decision: 'approve' } | { partnerId: string; decision: 'reject'; reason: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A reviewer's decision on a pending application.
 * @throws DomainError `PARTNER_NOT_FOUND` (404), `PARTNER_NOT_PENDING` (409), `REASON_REQUIRED` (422).
 */
@CommandHandler(DecidePartnerApplicationCommand)
export class DecidePartnerApplicationHandler implements ICommandHandler<DecidePartnerApplicationCommand, CommandAnswer> {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {
    this.calendar = new BusinessCalendar(program);
  }

  async execute({ input, context }: DecidePartnerApplicationCommand): Promise<CommandAnswer> {
    const deciderContext: PartnerContext = { now: context.now, program: this.program, calendar: this.calendar };
    const result = await this.pipeline.execute({
      streamId: partnerStream(input.partnerId),
      decider: partnerDecider,
      command: input.decision === 'approve' ? { type: 'ApprovePartner', partnerId: input.partnerId } : { type: 'RejectPartner', partnerId: input.partnerId, reason: input.reason },
      commandName: input.decision === 'approve' ? 'ApprovePartner' : 'RejectPartner',
      context,
      deciderContext,
    });
    return commandAnswer(input.partnerId, result, result.state.status);
  }
}
