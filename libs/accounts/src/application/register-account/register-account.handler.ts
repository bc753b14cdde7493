import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer, CommandPipeline, conflict, DomainError } from '@pp/platform';
import { accountDecider, emailReservationDecider, EmailReservationState } from '../../domain/account.decider';
import { accountEmailStream, accountStream, legacyNormalizeEmail, normalizeEmail } from '../../domain/account.events';
import { reservationKeys } from '../account-directory';
import { RegisterAccountCommand } from './register-account.command';

/**
 * Registers an account with an e-mail unique in {@link normalizeEmail}'s form (case, width, IDN A-label). Two streams are involved, so the
 * order matters: the address is reserved first (`account-email-{email}`, serialised by its
 * expected revision, which is what makes concurrent registrations of one address safe), then the
 * account is written; if the account cannot be written the reservation is released again. A
 * reservation left behind by a crash between the two steps does not block the address for long:
 * once it is older than {@link IN_FLIGHT_RESERVATION_MS} and its holder never became an account
 * with it, the next registration takes it over.
 * @throws DomainError `EMAIL_ALREADY_REGISTERED` (409), `ACCOUNT_ALREADY_REGISTERED` (409).
 */
/** How long a reservation whose account is not written yet counts as a registration in progress. */
export const IN_FLIGHT_RESERVATION_MS = 60_000;

@CommandHandler(RegisterAccountCommand)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccountCommand, CommandAnswer> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ input, context }: RegisterAccountCommand): Promise<CommandAnswer> {
    const normalizedEmail = normalizeEmail(input.email);
    const existing = await this.pipeline.preload(accountStream(input.accountId), accountDecider);
    if (existing.state.status === 'registered') {
      if (existing.state.normalizedEmail === normalizedEmail && existing.state.type === input.type && existing.state.billing === input.billing) {
        // The same registration again (a retry without Idempotency-Key): nothing new to record.
        return commandAnswer(input.accountId, existing);
      }
      throw conflict('ACCOUNT_ALREADY_REGISTERED', `account ${input.accountId} is already registered`);
    }

    await this.refuseLegacyHolder(input.email, input.accountId);
    await this.pipeline.execute({
      streamId: accountEmailStream(normalizedEmail),
      decider: emailReservationDecider,
      command: { type: 'ReserveEmail', normalizedEmail, accountId: input.accountId, now: context.now },
      commandName: 'RegisterAccount',
      context,
      // From the state the pipeline just read (same revision as the append expects), not a second read.
      deciderContext: async (reservation: EmailReservationState) => ({ holderOwnsEmail: await this.holderOwns(normalizedEmail, reservation, context.now) }),
    });

    try {
      const result = await this.pipeline.execute({
        streamId: accountStream(input.accountId),
        decider: accountDecider,
        command: { type: 'RegisterAccount', accountId: input.accountId, email: input.email, accountType: input.type, billing: input.billing },
        commandName: 'RegisterAccount',
        context,
        preloaded: existing,
        // Checked again right before the account is written: a reservation taken over meanwhile is lost.
        deciderContext: async () => ({ emailReservedFor: (await this.pipeline.load(accountEmailStream(normalizedEmail), emailReservationDecider)).state.holder }),
      });
      return commandAnswer(input.accountId, result);
    } catch (error) {
      const now = await this.pipeline.load(accountStream(input.accountId), accountDecider);
      if (now.state.status === 'registered' && now.state.normalizedEmail === normalizedEmail) {
        // A concurrent request registered this very account with this address: keep the reservation.
        if (now.state.type === input.type && now.state.billing === input.billing) return commandAnswer(input.accountId, now);
        throw error;
      }
      if (error instanceof DomainError) {
        await this.pipeline.execute({
          streamId: accountEmailStream(normalizedEmail),
          decider: emailReservationDecider,
          command: { type: 'ReleaseEmail', normalizedEmail, accountId: input.accountId },
          commandName: 'RegisterAccount',
          context: { ...context, idempotencyKey: undefined },
          deciderContext: { holderOwnsEmail: true },
        });
      }
      throw error;
    }
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

  /**
   * Whether the current holder keeps the address: it is an account registered with it, or its
   * registration may still be under way (reserved less than {@link IN_FLIGHT_RESERVATION_MS} ago).
   */
  private async holderOwns(normalizedEmail: string, reservation: EmailReservationState, now: Date): Promise<boolean> {
    const { holder, reservedAt } = reservation;
    if (holder === null) return false;
    const account = await this.pipeline.load(accountStream(holder), accountDecider);
    if (account.state.status === 'registered') return account.state.normalizedEmail === normalizedEmail;
    return reservedAt !== null && now.getTime() - new Date(reservedAt).getTime() < IN_FLIGHT_RESERVATION_MS;
  }
}
