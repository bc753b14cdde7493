import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@pp/accounts';
import { CUSTOMER_LINK_LOOKUP, PartnersModule } from '@pp/partners';
import { CustomerLinks } from './application/customer-links';
import { CustomersController } from './api/customers.controller';
import { AddCustomerHandler } from './application/add-customer/add-customer.handler';
import { ApproveCustomerHandler } from './application/approve-customer/approve-customer.handler';
import { ConfirmCustomerHandler } from './application/confirm-customer/confirm-customer.handler';
import { CustomerStream } from './application/customer-stream';
import { DeclineCustomerInvitationHandler } from './application/decline-customer-invitation/decline-customer-invitation.handler';
import { ExpireCustomerInvitationHandler } from './application/expire-customer-invitation/expire-customer-invitation.handler';
import { RejectCustomerHandler } from './application/reject-customer/reject-customer.handler';
import { RemoveCustomerHandler } from './application/remove-customer/remove-customer.handler';
import { WithdrawCustomerInvitationHandler } from './application/withdraw-customer-invitation/withdraw-customer-invitation.handler';
import { InvitationExpiryReactor } from './application/invitation-expiry.reactor';
import { InvitationTokens } from './application/invitation-tokens';
import { SetCustomerDiscountHandler } from './application/set-customer-discount/set-customer-discount.handler';
import { GetInvitationHandler } from './application/get-invitation/get-invitation.query';

/**
 * The customers context: a partner's customers, from invitation to approval and end. Global only to
 * offer the partners context the customer-link lookup it cannot import.
 */
@Global()
@Module({
  imports: [CqrsModule, AccountsModule, PartnersModule],
  controllers: [CustomersController],
  providers: [
    GetInvitationHandler,
    CustomerStream,
    AddCustomerHandler,
    ConfirmCustomerHandler,
    DeclineCustomerInvitationHandler,
    ApproveCustomerHandler,
    RejectCustomerHandler,
    RemoveCustomerHandler,
    ExpireCustomerInvitationHandler,
    WithdrawCustomerInvitationHandler,
    SetCustomerDiscountHandler,
    InvitationTokens,
    InvitationExpiryReactor,
    { provide: CUSTOMER_LINK_LOOKUP, useClass: CustomerLinks },
  ],
  exports: [InvitationTokens, InvitationExpiryReactor, CUSTOMER_LINK_LOOKUP, CustomerStream],
})
export class CustomersModule {}
