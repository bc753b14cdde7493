import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiExtraModels, ApiHeader, ApiTags, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { CommandAnswer, CommandContext, Ctx } from '@pp/platform';
import { ApprovePartnerCommand } from '../application/approve-partner/approve-partner.command';
import { PartnerAnswer } from '../application/partner-stream';
import { RecordAssessmentCommand } from '../application/record-assessment/record-assessment.command';
import { RecordCourseCompletionCommand } from '../application/record-course-completion/record-course-completion.command';
import { ReinstatePartnerCommand } from '../application/reinstate-partner/reinstate-partner.command';
import { RejectPartnerCommand } from '../application/reject-partner/reject-partner.command';
import { SuspendPartnerCommand } from '../application/suspend-partner/suspend-partner.command';
import { TerminatePartnerCommand } from '../application/terminate-partner/terminate-partner.command';
import { UpdatePartnerProfileCommand } from '../application/update-partner-profile/update-partner-profile.command';
import { GetPartnerQuery, PartnerView } from '../application/get-partner/get-partner.query';
import { RegisterPartnerCommand } from '../application/register-partner/register-partner.command';
import { ApprovePartnerDto, CourseParams, LifecycleReasonDto, PartnerIdParam, ReadQueryDto, RecordAssessmentDto, RegisterPartnerDto, RegisterPartnerProblemDto, RejectPartnerDto, UpdatePartnerProfileDto } from './partner.dto';

const position = (text?: string) => (text === undefined ? undefined : BigInt(text));

/** Partner applications and the reviewers' decisions on them (SPEC sections 3 and 9). */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** RegisterPartner, for the caller's own account: 201 `pending_approval`. */
  @Post('partners')
  @HttpCode(201)
  @Roles('partner')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiExtraModels(RegisterPartnerProblemDto)
  @ApiUnprocessableEntityResponse({ description: 'a rule refused the application: `code` the first, `reasons` all when several', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(RegisterPartnerProblemDto) } } } })
  @ApiConflictResponse({ description: 'PARTNER_ALREADY_REGISTERED first among the reasons', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(RegisterPartnerProblemDto) } } } })
  register(@Body() body: RegisterPartnerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(
      new RegisterPartnerCommand(
        { partnerId: actor.account!, language: body.language, termsVersion: body.termsVersion, acceptTerms: body.acceptTerms, partnerType: body.partnerType, company: { ...body.company }, contact: { ...body.contact }, bank: { ...body.bank } },
        ctx,
      ),
    );
  }

  /** ApprovePartner: 200 `approved`. */
  @Post('partners/:partnerId/approval')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  approve(@Param() { partnerId }: PartnerIdParam, @Body() _body: ApprovePartnerDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new ApprovePartnerCommand(partnerId, ctx));
  }

  /** RejectPartner, with the reason the applicant is told: 200 `rejected`. */
  @Post('partners/:partnerId/rejection')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  reject(@Param() { partnerId }: PartnerIdParam, @Body() body: RejectPartnerDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RejectPartnerCommand(partnerId, body.reason, ctx));
  }

  /** UpdatePartnerProfile, by the partner itself: contact, company name, bank; every change kept with before and after. */
  @Patch('partners/:partnerId/profile')
  @HttpCode(200)
  @Roles('partner')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  updateProfile(@Param() { partnerId }: PartnerIdParam, @Body() body: UpdatePartnerProfileDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    assertOwnAccount(actor, partnerId);
    return this.commands.execute(
      new UpdatePartnerProfileCommand(partnerId, { contact: body.contact ? { ...body.contact } : undefined, companyName: body.company?.legalName, bank: body.bank ? { ...body.bank } : undefined }, ctx),
    );
  }

  /** RecordAssessment (reviewer), after the assessment period: passed, or failed with the outcome. */
  @Post('partners/:partnerId/assessment')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  assess(@Param() { partnerId }: PartnerIdParam, @Body() body: RecordAssessmentDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RecordAssessmentCommand(partnerId, body.result === 'passed', body.outcome, body.notes, ctx));
  }

  /** SuspendPartner (reviewer, with reason). */
  @Post('partners/:partnerId/suspension')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  suspend(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new SuspendPartnerCommand(partnerId, body.reason, ctx));
  }

  /** ReinstatePartner (reviewer, with reason). */
  @Post('partners/:partnerId/reinstatement')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  reinstate(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new ReinstatePartnerCommand(partnerId, body.reason, ctx));
  }

  /** TerminatePartner (reviewer, with reason); final. */
  @Post('partners/:partnerId/termination')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  terminate(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new TerminatePartnerCommand(partnerId, body.reason, ctx));
  }

  /** RecordCourseCompletion (the academy service). */
  @Post('partners/:partnerId/courses/:courseId/completion')
  @HttpCode(200)
  @Roles('service')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  course(@Param() { partnerId, courseId }: CourseParams, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RecordCourseCompletionCommand(partnerId, courseId, ctx));
  }

  /** The partner's state: the partner itself, reviewers and auditors. Bank account numbers are masked for reviewers. */
  @Get('partners/:partnerId')
  @Roles('partner', 'reviewer', 'auditor')
  get(@Param() { partnerId }: PartnerIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<PartnerView> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new GetPartnerQuery(partnerId, position(query.minPosition), actor.role !== 'reviewer'));
  }
}
