import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@pp/accounts';
import { PartnersModule } from '@pp/partners';
import { CustomersController } from './api/customers.controller';
import { AddCustomersHandler, AnswerInvitationHandler, ExpireInvitationHandler, RemoveCustomerHandler, ReviewCustomerHandler, WithdrawInvitationHandler } from './application/customer-handlers';
import { InvitationExpiryReactor } from './application/invitation-expiry.reactor';
import { InvitationTokens } from './application/invitation-tokens';
import { SetCustomerDiscountHandler } from './application/set-customer-discount.handler';

/** The customers context: a partner's customers, from invitation to approval and end. */
@Module({
  imports: [CqrsModule, AccountsModule, PartnersModule],
  controllers: [CustomersController],
  providers: [AddCustomersHandler, AnswerInvitationHandler, ReviewCustomerHandler, RemoveCustomerHandler, ExpireInvitationHandler, WithdrawInvitationHandler, SetCustomerDiscountHandler, InvitationTokens, InvitationExpiryReactor],
  exports: [InvitationTokens, InvitationExpiryReactor],
})
export class CustomersModule {}
