import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PartnersModule } from '@pp/partners';
import { CreditController } from './api/credit.controller';
import { AllocateCustomerCreditHandler, DepositPartnerCreditHandler } from './application/credit.handlers';
import { RecordCustomerRevenueHandler } from './application/revenue.handler';

/** The credit context: the partner's pool, customer balances and revenue. */
@Module({ imports: [CqrsModule, PartnersModule], controllers: [CreditController], providers: [DepositPartnerCreditHandler, AllocateCustomerCreditHandler, RecordCustomerRevenueHandler] })
export class CreditModule {}
