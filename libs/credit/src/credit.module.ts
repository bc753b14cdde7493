import { Global, Module } from '@nestjs/common';
import { CUSTOMER_CREDIT_LOOKUP } from '@pp/customers';
import { CreditBalances } from './application/credit-balances';
import { CqrsModule } from '@nestjs/cqrs';
import { PartnersModule } from '@pp/partners';
import { CreditController } from './api/credit.controller';
import { AllocateCustomerCreditHandler } from './application/allocate-customer-credit/allocate-customer-credit.handler';
import { CreditStream } from './application/credit-stream';
import { DepositPartnerCreditHandler } from './application/deposit-partner-credit/deposit-partner-credit.handler';
import { RecordCustomerRevenueHandler } from './application/record-customer-revenue/record-customer-revenue.handler';
import { SetPartnerCreditThresholdsHandler } from './application/set-partner-credit-thresholds/set-partner-credit-thresholds.handler';

/**
 * The credit context: the partner's pool, customer balances and revenue. Global only to offer the
 * customers context the balance lookup it cannot import.
 */
@Global()
@Module({
  imports: [CqrsModule, PartnersModule],
  controllers: [CreditController],
  providers: [CreditStream, DepositPartnerCreditHandler, AllocateCustomerCreditHandler, RecordCustomerRevenueHandler, SetPartnerCreditThresholdsHandler, { provide: CUSTOMER_CREDIT_LOOKUP, useClass: CreditBalances }],
  exports: [CUSTOMER_CREDIT_LOOKUP],
})
export class CreditModule {}
