import { Global, Module } from '@nestjs/common';
import { CUSTOMER_CREDIT_LOOKUP } from '@pp/customers';
import { CreditBalances } from './application/credit-balances';
import { CqrsModule } from '@nestjs/cqrs';
import { PartnersModule } from '@pp/partners';
import { CreditController } from './api/credit.controller';
import { AllocateCustomerCreditHandler, DepositPartnerCreditHandler } from './application/credit.handlers';
import { RecordCustomerRevenueHandler } from './application/revenue.handler';

/**
 * The credit context: the partner's pool, customer balances and revenue. Global only to offer the
 * customers context the balance lookup it cannot import.
 */
@Global()
@Module({
  imports: [CqrsModule, PartnersModule],
  controllers: [CreditController],
  providers: [DepositPartnerCreditHandler, AllocateCustomerCreditHandler, RecordCustomerRevenueHandler, { provide: CUSTOMER_CREDIT_LOOKUP, useClass: CreditBalances }],
  exports: [CUSTOMER_CREDIT_LOOKUP],
})
export class CreditModule {}
