import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline } from '@pp/platform';
import { accountDecider } from '../../domain/account.decider';
import { accountStream } from '../../domain/account.events';

/** RecordIdentityVerification (service): the enterprise's verified legal name (real-name verification). */
export class RecordIdentityVerificationCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: { accountId: string; legalName: string; method: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** @throws DomainError `ACCOUNT_NOT_FOUND` (404). */
@CommandHandler(RecordIdentityVerificationCommand)
export class RecordIdentityVerificationHandler implements ICommandHandler<RecordIdentityVerificationCommand, CommandAnswer> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ input, context }: RecordIdentityVerificationCommand): Promise<CommandAnswer> {
    const result = await this.pipeline.execute({
      streamId: accountStream(input.accountId),
      decider: accountDecider,
      command: { type: 'RecordIdentityVerification', ...input, now: context.now },
      commandName: 'RecordIdentityVerification',
      context,
      deciderContext: undefined,
    });
    return commandAnswer(input.accountId, result);
  }
}
