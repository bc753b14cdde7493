import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory } from '@pp/accounts';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { PartnerCommand, partnerDecider, PartnerContext } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.events';
import { ContactInput, toContact } from '../contact-input';

/** The lifecycle answer: the command answer plus the partner's dates where they changed. */
export interface PartnerAnswer extends CommandAnswer {
  approvedAt?: string | null;
  assessmentEndsAt?: string | null;
}

/**
 * A partner-stream command other than RegisterPartner: ApprovePartner, RejectPartner,
 * UpdatePartnerProfile, RecordCourseCompletion, RecordAssessment, SuspendPartner,
 * ReinstatePartner, TerminatePartner (SPEC section 3).
 */
export class PartnerLifecycleCommand extends Command<PartnerAnswer> {
  constructor(
    /** UpdatePartnerProfile takes the contact's phone as one string; it is split here. */
    readonly command: Exclude<PartnerCommand, { type: 'RegisterPartner' | 'UpdatePartnerProfile' }> | (Omit<Extract<PartnerCommand, { type: 'UpdatePartnerProfile' }>, 'contact'> & { contact?: ContactInput }),
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Runs lifecycle commands through the pipeline. UpdatePartnerProfile also reads the account's
 * verified legal name, which a changed company name must equal where the program says so.
 * @throws DomainError as {@link partnerDecider} decides.
 */
@CommandHandler(PartnerLifecycleCommand)
export class PartnerLifecycleHandler implements ICommandHandler<PartnerLifecycleCommand, PartnerAnswer> {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly accounts: AccountDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {
    this.calendar = new BusinessCalendar(program);
  }

  async execute({ command: input, context }: PartnerLifecycleCommand): Promise<PartnerAnswer> {
    const command: Exclude<PartnerCommand, { type: 'RegisterPartner' }> =
      input.type === 'UpdatePartnerProfile' ? { ...input, contact: input.contact ? toContact(input.contact, this.program) : undefined } : input;
    const result = await this.pipeline.execute({
      streamId: partnerStream(command.partnerId),
      decider: partnerDecider,
      command,
      commandName: command.type,
      context,
      deciderContext: async (): Promise<PartnerContext> => {
        const base = { now: context.now, program: this.program, calendar: this.calendar };
        if (command.type !== 'UpdatePartnerProfile' || command.companyName === undefined) return base;
        const account = await this.accounts.get(command.partnerId);
        const verifiedLegalName = account.status === 'registered' ? (account.identity?.legalName ?? null) : null;
        return { ...base, account: { exists: account.status === 'registered', type: account.status === 'registered' ? account.type : null, isPartnerCustomer: false, verifiedLegalName } };
      },
    });
    const state = result.state;
    const answer: PartnerAnswer = commandAnswer(command.partnerId, result, state.status);
    if (command.type === 'ApprovePartner' && state.status !== 'none') {
      answer.approvedAt = state.approvedAt;
      answer.assessmentEndsAt = state.assessmentEndsAt;
    }
    return answer;
  }
}
