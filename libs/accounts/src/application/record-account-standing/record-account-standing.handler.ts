import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandContext, parseAmount } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { AccountStream } from '../account-stream';

/**
 * RecordAccountStanding (service): billing's facts about an account that decide whether a partner
 * may take it on (seed 003). `creditBalance` is a decimal string in the program's currency.
 */
export class RecordAccountStandingCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: { accountId: string; creditBalance: string; usesServices: boolean; hasDiscount: boolean; onPoc: boolean; isProviderCustomer: boolean },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** @throws DomainError `ACCOUNT_NOT_FOUND` (404), `INVALID_AMOUNT` (400). */
@CommandHandler(RecordAccountStandingCommand)
export class RecordAccountStandingHandler implements ICommandHandler<RecordAccountStandingCommand, CommandAnswer> {
  constructor(
    private readonly accounts: AccountStream,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ input, context }: RecordAccountStandingCommand): Promise<CommandAnswer> {
    const creditBalance = parseAmount(input.creditBalance, this.program.currency).toString();
    const result = await this.accounts.run(input.accountId, { type: 'RecordAccountStanding', ...input, creditBalance, currency: this.program.currency }, { context });
    return commandAnswer(input.accountId, result);
  }
}
