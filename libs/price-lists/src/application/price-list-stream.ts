import { Injectable } from '@nestjs/common';
import { BoundCommand, CommandPipeline } from '@pp/platform';
import { PriceListCommand, PriceListContext, priceListDecider, PriceListState } from '../domain/price-list.decider';
import { PriceListEvent, priceListStream } from '../domain/price-list.events';

/** `price-list-{priceListId}`'s commands, bound once to the price list decider (see `CommandPipeline.for`). */
@Injectable()
export class PriceListStream {
  /** Runs a price list command on the stream of the price list id given. */
  readonly run: BoundCommand<PriceListCommand, PriceListState, PriceListEvent, PriceListContext>;

  constructor(pipeline: CommandPipeline) {
    this.run = pipeline.for(priceListDecider, priceListStream);
  }
}
