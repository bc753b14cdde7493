import { Inject, Module } from '@nestjs/common';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { setDeploymentPhoneCountry } from './domain/partner.upcasters';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@pp/accounts';
import { PartnersController } from './api/partners.controller';
import { PartnerLifecycleHandler } from './application/lifecycle/partner-lifecycle.handlers';
import { CustomerLinks } from './application/customer-links';
import { PartnerDirectory } from './application/partner-directory';
import { GetPartnerHandler } from './application/get-partner/get-partner.query';
import { RegisterPartnerHandler } from './application/register-partner/register-partner.handler';

/** The partners context: applications, approval and the partner read models. */
@Module({
  imports: [CqrsModule, AccountsModule],
  controllers: [PartnersController],
  providers: [RegisterPartnerHandler, PartnerLifecycleHandler, CustomerLinks, PartnerDirectory, GetPartnerHandler],
  exports: [PartnerDirectory],
})
export class PartnersModule {
  constructor(@Inject(PROGRAM) program: ProgramPreset) {
    // One deployment serves one program: its country reads old phone numbers that name none.
    setDeploymentPhoneCountry(program.holidayCountry);
  }
}
