import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { commandAnswer } from '@pp/platform';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { ApprovePartnerCommand } from './approve-partner.command';

/** Answers the approval's dates too. @throws DomainError `PARTNER_NOT_FOUND` (404), `PARTNER_NOT_PENDING` (409). */
@CommandHandler(ApprovePartnerCommand)
export class ApprovePartnerHandler implements ICommandHandler<ApprovePartnerCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  async execute({ partnerId, context }: ApprovePartnerCommand): Promise<PartnerAnswer> {
    const result = await this.partners.handle(partnerId, { type: 'ApprovePartner', partnerId }, { context });
    const { state } = result;
    return { ...commandAnswer(partnerId, result, state.status), ...(state.status === 'none' ? {} : { approvedAt: state.approvedAt, assessmentEndsAt: state.assessmentEndsAt }) };
  }
}
