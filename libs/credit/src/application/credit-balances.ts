import { Injectable } from '@nestjs/common';
import { CustomerCreditLookup } from '@pp/customers';
import { CommandPipeline } from '@pp/platform';
import { creditDecider } from '../domain/credit.decider';
import { creditStream } from '../domain/credit.events';

/** A customer's balance with a partner, read from the partner's credit stream (for the customers context). */
@Injectable()
export class CreditBalances implements CustomerCreditLookup {
  constructor(private readonly pipeline: CommandPipeline) {}

  async balanceOf(partnerId: string, accountId: string): Promise<bigint> {
    return (await this.pipeline.load(creditStream(partnerId), creditDecider)).state.balances.get(accountId) ?? 0n;
  }
}
