import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandPipeline, conflict } from '@pp/platform';
import { accountDecider, emailReservationDecider, EmailReservationState } from '../../domain/account.decider';
import { accountEmailStream, accountStream, legacyNormalizeEmail, normalizeEmail } from '../../domain/account.events';
import { reservationKeys } from '../account-directory';
import { AccountStream } from '../account-stream';
import { RegisterAccountCommand } from './register-account.command';

/**
 * Registers an account with an e-mail unique in {@link normalizeEmail}'s form (case, width, IDN
 * A-label). The account and the address's reservation (`account-email-{email}`) are written in one
 * atomic append, with the reservation stream's revision as its expected revision, so concurrent
 * registrations of one address cannot both succeed, and no reservation is ever left without its
 * account (there is no "registration in progress" to wait out). A reservation whose holder is not
 * an account registered with the address (one left by the two-step registration before
 * 2026-12-02, or by EventStoreDB's non-atomic appends) holds nothing.
 * @throws DomainError `EMAIL_ALREADY_REGISTERED` (409), `ACCOUNT_ALREADY_REGISTERED` (409).
 */
@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand, CommandAnswer> {
  constructor(
    private readonly accounts: AccountStream,
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ input, context }: RegisterAccountCommand): Promise<CommandAnswer> {
    const normalizedEmail = normalizeEmail(input.email);
    await this.refuseLegacyHolder(input.email, input.accountId);
    let reservation: EmailReservationState = emailReservationDecider.initialState;
    const result = await this.accounts.run(
      input.accountId,
      { type: 'RegisterAccount', accountId: input.accountId, email: input.email, accountType: input.type, billing: input.billing },
      {
        context,
        // The account and its address's reservation in one read (issue 16).
        prefetch: [accountEmailStream(normalizedEmail)],
        facts: async (_state, reads) => {
          reservation = (await this.pipeline.load(accountEmailStream(normalizedEmail), emailReservationDecider, reads)).state;
          return { emailHolder: { holder: reservation.holder, holderOwnsEmail: await this.holderOwns(normalizedEmail, reservation.holder) } };
        },
        linkedWrites: () => [
          {
            streamId: accountEmailStream(normalizedEmail),
            // The account decider has refused an address its holder owns: reserving it is the reservation decider's to say.
            events: emailReservationDecider.decide({ type: 'ReserveEmail', normalizedEmail, accountId: input.accountId, now: context.now }, reservation, { holderOwnsEmail: false }),
          },
        ],
      },
    );
    return commandAnswer(input.accountId, result);
  }

  /**
   * A non-ASCII address registered before issue 12 is reserved under its old stream name
   * ({@link legacyNormalizeEmail}); the same address registered again must meet that reservation too.
   * Nothing is reserved under old names any more, so this read cannot race with a new holder.
   */
  private async refuseLegacyHolder(email: string, accountId: string): Promise<void> {
    const [current, legacy] = reservationKeys(email);
    if (legacy === undefined) return;
    const { holder } = (await this.pipeline.load(accountEmailStream(legacy), emailReservationDecider)).state;
    if (holder === null || holder === accountId) return;
    const account = await this.pipeline.load(accountStream(holder), accountDecider);
    if (account.state.status === 'registered' && account.state.normalizedEmail === current) {
      throw conflict('EMAIL_ALREADY_REGISTERED', 'an account with this e-mail address is already registered');
    }
  }

  /** Whether the reservation's holder is an account registered with this very address. */
  private async holderOwns(normalizedEmail: string, holder: string | null): Promise<boolean> {
    if (holder === null) return false;
    const account = await this.pipeline.load(accountStream(holder), accountDecider);
    return account.state.status === 'registered' && account.state.normalizedEmail === normalizedEmail;
  }
}
