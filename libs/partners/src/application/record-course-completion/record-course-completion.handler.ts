import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { RecordCourseCompletionCommand } from './record-course-completion.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `UNKNOWN_COURSE` (422). */
@CommandHandler(RecordCourseCompletionCommand)
export class RecordCourseCompletionHandler implements ICommandHandler<RecordCourseCompletionCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, courseId, context }: RecordCourseCompletionCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'RecordCourseCompletion', partnerId, courseId }, context);
  }
}
