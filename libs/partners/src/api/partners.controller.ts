import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { CommandAnswer, CommandContext, Ctx } from '@pp/platform';
import { DecidePartnerApplicationCommand } from '../application/approve-partner/approve-partner.handler';
import { GetPartnerQuery, PartnerView } from '../application/get-partner/get-partner.query';
import { RegisterPartnerCommand } from '../application/register-partner/register-partner.handler';
import { ApprovePartnerDto, PartnerIdParam, ReadQueryDto, RegisterPartnerDto, RejectPartnerDto } from './partner.dto';

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
  approve(@Param() { partnerId }: PartnerIdParam, @Body() _body: ApprovePartnerDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new DecidePartnerApplicationCommand({ partnerId, decision: 'approve' }, ctx));
  }

  /** RejectPartner, with the reason the applicant is told: 200 `rejected`. */
  @Post('partners/:partnerId/rejection')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  reject(@Param() { partnerId }: PartnerIdParam, @Body() body: RejectPartnerDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new DecidePartnerApplicationCommand({ partnerId, decision: 'reject', reason: body.reason }, ctx));
  }

  /** The partner's state: the partner itself, reviewers and auditors. Bank account numbers are masked for reviewers. */
  @Get('partners/:partnerId')
  @Roles('partner', 'reviewer', 'auditor')
  get(@Param() { partnerId }: PartnerIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<PartnerView> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new GetPartnerQuery(partnerId, position(query.minPosition), actor.role !== 'reviewer'));
  }
}
