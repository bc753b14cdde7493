import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsController } from './api/accounts.controller';
import { AccountStream } from './application/account-stream';
import { AccountDirectory } from './application/account-directory';
import { RecordAccountStandingHandler } from './application/record-account-standing/record-account-standing.handler';
import { RecordIdentityVerificationHandler } from './application/record-identity-verification/record-identity-verification.handler';
import { RegisterAccountHandler } from './application/register-account/register-account.handler';

/** The accounts context: accounts fed by the provider's identity and billing services. */
@Module({
  imports: [CqrsModule],
  controllers: [AccountsController],
  providers: [AccountStream, RegisterAccountHandler, RecordIdentityVerificationHandler, RecordAccountStandingHandler, AccountDirectory],
  exports: [AccountDirectory],
})
export class AccountsModule {}
