import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PriceListsModule } from '@pp/price-lists';
import { DashboardController } from './api/dashboard.controller';
import { GetPartnerCustomerHandler, GetPartnerDashboardHandler, ListPartnerCustomersHandler } from './application/dashboard.queries';

/** Read side: the partner dashboard and the partner's customer list. */
@Module({ imports: [CqrsModule, PriceListsModule], controllers: [DashboardController], providers: [GetPartnerDashboardHandler, ListPartnerCustomersHandler, GetPartnerCustomerHandler] })
export class DashboardModule {}
