import { Injectable } from '@nestjs/common';
import { CommandPipeline } from '@pp/platform';
import { accountDecider, AccountState, emailReservationDecider } from '../domain/account.decider';
import { accountEmailStream, accountStream, normalizeEmail } from '../domain/account.events';

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

  /** The id of the account registered with this e-mail (compared case-insensitively), or null. */
  async findIdByEmail(email: string): Promise<string | null> {
    const normalized = normalizeEmail(email);
    const { holder } = (await this.pipeline.load(accountEmailStream(normalized), emailReservationDecider)).state;
    if (holder === null) return null;
    const account = await this.get(holder);
    return account.status === 'registered' && account.normalizedEmail === normalized ? holder : null;
  }
}
