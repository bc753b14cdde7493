import { Inject, Module } from '@nestjs/common';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { setDeploymentPhoneCountry } from './domain/partner.upcasters';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@pp/accounts';
import { PartnersController } from './api/partners.controller';
import { ApprovePartnerHandler } from './application/approve-partner/approve-partner.handler';
import { PartnerStream } from './application/partner-stream';
import { RecordAssessmentHandler } from './application/record-assessment/record-assessment.handler';
import { RecordCourseCompletionHandler } from './application/record-course-completion/record-course-completion.handler';
import { ReinstatePartnerHandler } from './application/reinstate-partner/reinstate-partner.handler';
import { RejectPartnerHandler } from './application/reject-partner/reject-partner.handler';
import { SuspendPartnerHandler } from './application/suspend-partner/suspend-partner.handler';
import { TerminatePartnerHandler } from './application/terminate-partner/terminate-partner.handler';
import { UpdatePartnerProfileHandler } from './application/update-partner-profile/update-partner-profile.handler';
import { PartnerDirectory } from './application/partner-directory';
import { GetPartnerHandler } from './application/get-partner/get-partner.query';
import { RegisterPartnerHandler } from './application/register-partner/register-partner.handler';

/** The partners context: applications, approval and the partner read models. */
@Module({
  imports: [CqrsModule, AccountsModule],
  controllers: [PartnersController],
  providers: [
    PartnerStream,
    RegisterPartnerHandler,
    ApprovePartnerHandler,
    RejectPartnerHandler,
    UpdatePartnerProfileHandler,
    RecordCourseCompletionHandler,
    RecordAssessmentHandler,
    SuspendPartnerHandler,
    ReinstatePartnerHandler,
    TerminatePartnerHandler,
    PartnerDirectory,
    GetPartnerHandler,
  ],
  exports: [PartnerDirectory],
})
export class PartnersModule {
  constructor(@Inject(PROGRAM) program: ProgramPreset) {
    // One deployment serves one program: its country reads old phone numbers that name none.
    setDeploymentPhoneCountry(program.holidayCountry);
  }
}
