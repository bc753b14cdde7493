import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PriceListsController } from './api/price-lists.controller';
import { AssignCustomerPriceListHandler } from './application/assign-customer-price-list/assign-customer-price-list.handler';
import { GetPriceListHandler } from './application/get-price-list/get-price-list.query';
import { ListPriceListsHandler } from './application/list-price-lists/list-price-lists.query';
import { PriceListReads } from './application/price-list-views';
import { PriceListStream } from './application/price-list-stream';
import { PublishPriceListHandler } from './application/publish-price-list/publish-price-list.handler';
import { RetirePriceListHandler } from './application/retire-price-list/retire-price-list.handler';

/** The price-lists context (issue 17): the provider's price lists and the partners' assignments of them to customers. */
@Module({
  imports: [CqrsModule],
  controllers: [PriceListsController],
  providers: [PriceListStream, PublishPriceListHandler, RetirePriceListHandler, AssignCustomerPriceListHandler, ListPriceListsHandler, GetPriceListHandler, PriceListReads],
  exports: [PriceListReads],
})
export class PriceListsModule {}
