import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandContext } from '@pp/platform';
import { AccountStream } from '../account-stream';

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
  constructor(private readonly accounts: AccountStream) {}

  async execute({ input, context }: RecordIdentityVerificationCommand): Promise<CommandAnswer> {
    const result = await this.accounts.run(input.accountId, { type: 'RecordIdentityVerification', ...input }, { context });
    return commandAnswer(input.accountId, result);
  }
}
