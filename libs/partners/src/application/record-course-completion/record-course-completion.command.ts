import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { PartnerAnswer } from '../partner-stream';

/** RecordCourseCompletion (the academy service): a required course the partner completed. */
export class RecordCourseCompletionCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly courseId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
