import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { RecordAssessmentCommand } from './record-assessment.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_PARTNER_STATE` (409), `ASSESSMENT_NOT_ENDED`, `OUTCOME_REQUIRED`, `NOTES_REQUIRED` (422). */
@CommandHandler(RecordAssessmentCommand)
export class RecordAssessmentHandler implements ICommandHandler<RecordAssessmentCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, passed, outcomeIfFailed, notes, context }: RecordAssessmentCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'RecordAssessment', partnerId, passed, outcomeIfFailed, notes }, context);
  }
}
