import { Injectable } from '@nestjs/common';
import { CommandPipeline } from '@pp/platform';
import { accountDecider, AccountState, emailReservationDecider } from '../domain/account.decider';
import { accountEmailStream, accountStream, legacyNormalizeEmail, normalizeEmail } from '../domain/account.events';

/**
 * How other contexts read accounts: straight from the account streams, so that a decision is taken
 * on the latest facts, not on a read model that may lag.
 */
@Injectable()
export class AccountDirectory {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** The account's state; `{ status: 'unregistered' }` when there is none. */
  async get(accountId: string): Promise<AccountState> {
    return (await this.pipeline.load(accountStream(accountId), accountDecider)).state;
  }

  /**
   * The id of the account registered with this e-mail, compared in {@link normalizeEmail}'s form
   * (case, width, IDN A-label), or null. A non-ASCII address reserved before issue 12 is found under
   * its old reservation name too ({@link legacyNormalizeEmail}).
   */
  async findIdByEmail(email: string): Promise<string | null> {
    const normalized = normalizeEmail(email);
    for (const streamKey of reservationKeys(email)) {
      const { holder } = (await this.pipeline.load(accountEmailStream(streamKey), emailReservationDecider)).state;
      if (holder === null) continue;
      const account = await this.get(holder);
      if (account.status === 'registered' && account.normalizedEmail === normalized) return holder;
    }
    return null;
  }
}

/**
 * The reservation stream keys an address may be held under: today's form first, then, where it
 * differs (non-ASCII addresses only), the form reservations were named by before issue 12. No new
 * reservation is ever written under the old form, so reading it needs no lock.
 */
export function reservationKeys(email: string): string[] {
  const current = normalizeEmail(email);
  const legacy = legacyNormalizeEmail(email);
  return legacy === current ? [current] : [current, legacy];
}
