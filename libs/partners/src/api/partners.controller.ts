import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { ApiProblems, ApiProblemsWith, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx, READ_UNAVAILABLE } from '@pp/platform';
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
import { PartnerAnswerView, PartnerViewDto } from './partner-views.dto';
import { ApprovePartnerDto, CourseParams, LifecycleReasonDto, PartnerIdParam, ReadQueryDto, RecordAssessmentDto, RegisterPartnerDto, RegisterPartnerProblemDto, RejectPartnerDto, UpdatePartnerProfileDto } from './partner.dto';

const position = (text?: string) => (text === undefined ? undefined : BigInt(text));

/** Partner applications and the reviewers' decisions on them (SPEC sections 3 and 9). */
@ApiTags('partners')
@ApiBearerAuth()
@ApiProblems(401, 403)
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
  @ApiCreatedResponse({ type: CommandAnswer, description: '`pending_approval`' })
  @ApiExtraModels(RegisterPartnerProblemDto)
  @ApiProblems(400, 503)
  @ApiProblemsWith(
    { $ref: getSchemaPath(RegisterPartnerProblemDto) },
    [422, 'ACCOUNT_NOT_ENTERPRISE', 'ACCOUNT_NOT_FOUND', 'ACCOUNT_IS_PARTNER_CUSTOMER', 'LANGUAGE_NOT_OFFERED', 'TERMS_NOT_ACCEPTED', 'IDENTITY_NOT_VERIFIED', 'COMPANY_NAME_MISMATCH', 'BRAND_CONFLICT', 'THRESHOLD_NOT_MET', 'IDEMPOTENCY_KEY_REUSED'],
    [409, 'PARTNER_ALREADY_REGISTERED', 'BUSINESS_LICENCE_ALREADY_REGISTERED', ...COMMAND_CONFLICTS],
  )
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
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'PARTNER_NOT_PENDING', ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  approve(@Param() { partnerId }: PartnerIdParam, @Body() _body: ApprovePartnerDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new ApprovePartnerCommand(partnerId, ctx));
  }

  /** RejectPartner, with the reason the applicant is told: 200 `rejected`. */
  @Post('partners/:partnerId/rejection')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'PARTNER_NOT_PENDING', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  reject(@Param() { partnerId }: PartnerIdParam, @Body() body: RejectPartnerDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RejectPartnerCommand(partnerId, body.reason, ctx));
  }

  /** UpdatePartnerProfile, by the partner itself: contact, company name, bank; every change kept with before and after. */
  @Patch('partners/:partnerId/profile')
  @HttpCode(200)
  @Roles('partner')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', ...COMMAND_CONFLICTS], [422, 'COMPANY_NAME_MISMATCH', 'BRAND_CONFLICT', 'IDEMPOTENCY_KEY_REUSED'], 503)
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
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', ...COMMAND_CONFLICTS], [422, 'ASSESSMENT_NOT_ENDED', 'OUTCOME_REQUIRED', 'NOTES_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  assess(@Param() { partnerId }: PartnerIdParam, @Body() body: RecordAssessmentDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RecordAssessmentCommand(partnerId, body.result === 'passed', body.outcome, body.notes, ctx));
  }

  /** SuspendPartner (reviewer, with reason). */
  @Post('partners/:partnerId/suspension')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  suspend(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new SuspendPartnerCommand(partnerId, body.reason, ctx));
  }

  /** ReinstatePartner (reviewer, with reason). */
  @Post('partners/:partnerId/reinstatement')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  reinstate(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new ReinstatePartnerCommand(partnerId, body.reason, ctx));
  }

  /** TerminatePartner (reviewer, with reason); final. */
  @Post('partners/:partnerId/termination')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  terminate(@Param() { partnerId }: PartnerIdParam, @Body() body: LifecycleReasonDto, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new TerminatePartnerCommand(partnerId, body.reason, ctx));
  }

  /** RecordCourseCompletion (the academy service). */
  @Post('partners/:partnerId/courses/:courseId/completion')
  @HttpCode(200)
  @Roles('service')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: PartnerAnswerView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'UNKNOWN_COURSE', 'IDEMPOTENCY_KEY_REUSED'], 503)
  course(@Param() { partnerId, courseId }: CourseParams, @Ctx() ctx: CommandContext): Promise<PartnerAnswer> {
    return this.commands.execute(new RecordCourseCompletionCommand(partnerId, courseId, ctx));
  }

  /** The partner's state: the partner itself, reviewers and auditors. Bank account numbers are masked for reviewers. */
  @Get('partners/:partnerId')
  @Roles('partner', 'reviewer', 'auditor')
  @ApiOkResponse({ type: PartnerViewDto })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  get(@Param() { partnerId }: PartnerIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<PartnerView> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new GetPartnerQuery(partnerId, position(query.minPosition), actor.role !== 'reviewer'));
  }
}
