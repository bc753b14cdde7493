import { Injectable } from '@nestjs/common';
import { BoundCommand, CommandPipeline } from '@pp/platform';
import { CreditCommand, creditDecider, CreditContext, CreditState } from '../domain/credit.decider';
import { CreditEvent, creditStream } from '../domain/credit.events';

/** `credit-{partnerId}`'s commands, bound once to the credit decider (see `CommandPipeline.for`). */
@Injectable()
export class CreditStream {
  /** Runs a credit command on the stream of the partner id given. */
  readonly run: BoundCommand<CreditCommand, CreditState, CreditEvent, CreditContext>;

  constructor(pipeline: CommandPipeline) {
    this.run = pipeline.for(creditDecider, creditStream);
  }
}
