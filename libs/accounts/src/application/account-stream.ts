import { Injectable } from '@nestjs/common';
import { BoundCommand, CommandPipeline } from '@pp/platform';
import { AccountCommand, AccountContext, accountDecider, AccountState } from '../domain/account.decider';
import { AccountEvent, accountStream } from '../domain/account.events';

/** `account-{accountId}`'s commands, bound once to the account decider (see `CommandPipeline.for`). */
@Injectable()
export class AccountStream {
  /** Runs an account command on the stream of the account id given. */
  readonly run: BoundCommand<AccountCommand, AccountState, AccountEvent, AccountContext>;

  constructor(pipeline: CommandPipeline) {
    this.run = pipeline.for(accountDecider, accountStream);
  }
}
