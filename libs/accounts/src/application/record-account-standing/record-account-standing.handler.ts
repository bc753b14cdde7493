import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline, parseAmount } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { accountDecider } from '../../domain/account.decider';
import { accountStream } from '../../domain/account.events';

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
    private readonly pipeline: CommandPipeline,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  async execute({ input, context }: RecordAccountStandingCommand): Promise<CommandAnswer> {
    const creditBalance = parseAmount(input.creditBalance, this.program.currency).toString();
    const result = await this.pipeline.execute({
      streamId: accountStream(input.accountId),
      decider: accountDecider,
      command: { type: 'RecordAccountStanding', ...input, creditBalance, currency: this.program.currency, now: context.now },
      commandName: 'RecordAccountStanding',
      context,
      deciderContext: undefined,
    });
    return commandAnswer(input.accountId, result);
  }
}
