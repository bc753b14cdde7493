import { Injectable } from '@nestjs/common';
import { CustomerLinkLookup } from '@pp/partners';
import { CommandPipeline, StreamReads } from '@pp/platform';
import { customerDecider, isLinked } from '../domain/customer.decider';
import { customerStream } from '../domain/customer.events';

/** The partners context's {@link CustomerLinkLookup}, answered by this context's own {@link isLinked}. */
@Injectable()
export class CustomerLinks implements CustomerLinkLookup {
  constructor(private readonly pipeline: CommandPipeline) {}

  async isLinked(accountId: string, reads?: StreamReads): Promise<boolean> {
    return isLinked((await this.pipeline.load(customerStream(accountId), customerDecider, reads)).state);
  }
}
