import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountIdParam } from '@pp/accounts';
import { PartnerIdParam } from '@pp/partners';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { ApiProblems, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx } from '@pp/platform';
import { AddCustomerAnswer, AddCustomerCommand } from '../application/add-customer/add-customer.command';
import { GetInvitationQuery, InvitationView } from '../application/get-invitation/get-invitation.query';
import { ApproveCustomerCommand } from '../application/approve-customer/approve-customer.command';
import { ConfirmCustomerCommand } from '../application/confirm-customer/confirm-customer.command';
import { DeclineCustomerInvitationCommand } from '../application/decline-customer-invitation/decline-customer-invitation.command';
import { RejectCustomerCommand } from '../application/reject-customer/reject-customer.command';
import { RemoveCustomerCommand } from '../application/remove-customer/remove-customer.command';
import { SetCustomerDiscountCommand } from '../application/set-customer-discount/set-customer-discount.command';
import { AddCustomersAnswerDto, AddCustomersDto, InvitationAnswerDto, PartnerCustomerParams, RejectCustomerDto, RemoveCustomerDto, SetCustomerDiscountDto } from './customer.dto';

/** Customers of a partner: invitations, answers and the provider's approval (SPEC sections 4 and 9). */
@ApiTags('customers')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiProblems(401, 403)
@Controller('v1')
export class CustomersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The invitation page's facts (issue 14): the customer itself, reviewers and auditors; read from the customer stream. */
  @Get('customers/:accountId/invitation')
  @Roles('customer', 'reviewer', 'auditor')
  @ApiOkResponse({ type: InvitationView })
  @ApiProblems(400, [404, 'CUSTOMER_NOT_FOUND'], 503)
  invitation(@Param() { accountId }: AccountIdParam, @CurrentActor() actor: TokenClaims): Promise<InvitationView> {
    assertOwnAccount(actor, accountId);
    return this.queries.execute(new GetInvitationQuery(accountId));
  }

  /** AddCustomer: 200 with one result per row, in input order. */
  @Post('partners/:partnerId/customers')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: AddCustomersAnswerDto, description: 'one result per row, in input order' })
  @ApiProblems(400, [409, ...COMMAND_CONFLICTS], [422, 'PARTNER_NOT_ACTIVE', 'IDEMPOTENCY_KEY_REUSED'], 503)
  add(@Param() { partnerId }: PartnerIdParam, @Body() body: AddCustomersDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<AddCustomerAnswer> {
    assertOwnAccount(actor, partnerId);
    return this.commands.execute(new AddCustomerCommand(partnerId, body.customers.map((c) => ({ email: c.email, commonName: c.commonName, role: c.role })), ctx));
  }

  /** CancelCustomerInvitation (open invitation) or EndCustomerRelationship (confirmed), by the partner or a reviewer. */
  @Delete('partners/:partnerId/customers/:accountId')
  @HttpCode(200)
  @Roles('partner', 'reviewer')
  @ApiOkResponse({ type: CommandAnswer, description: 'the relationship `cancelled` (an open invitation) or `ended`' })
  @ApiProblems(400, [404, 'CUSTOMER_NOT_FOUND'], [409, 'INVITATION_NOT_OPEN', 'CUSTOMER_NOT_ACTIVE', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  remove(@Param() params: PartnerCustomerParams, @Body() body: RemoveCustomerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new RemoveCustomerCommand(params.partnerId, params.accountId, body?.reason ?? null, ctx));
  }

  /** SetCustomerDiscount (partner): every change is kept. */
  @Put('partners/:partnerId/customers/:accountId/discount')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_PERCENT'], [409, ...COMMAND_CONFLICTS], [422, 'PARTNER_NOT_ACTIVE', 'CUSTOMER_NOT_APPROVED', 'EFFECTIVE_MONTH_IN_PAST', 'DISCOUNT_ABOVE_CAP', 'IDEMPOTENCY_KEY_REUSED'], 503)
  discount(@Param() params: PartnerCustomerParams, @Body() body: SetCustomerDiscountDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new SetCustomerDiscountCommand(params.partnerId, params.accountId, body.percent, body.effectiveMonth, ctx));
  }

  /** ConfirmCustomer: the customer account itself, with the token from the e-mail. */
  @Post('customers/:accountId/confirmation')
  @HttpCode(200)
  @Roles('customer')
  @ApiOkResponse({ type: CommandAnswer, description: '`pending_approval`, or `approved` for an account already a customer of the provider' })
  @ApiProblems(400, [409, ...COMMAND_CONFLICTS], [422, 'INVITATION_TOKEN_INVALID', 'INVITATION_EXPIRED', 'PARTNER_NOT_ACTIVE', 'IDEMPOTENCY_KEY_REUSED'], 503)
  confirm(@Param() { accountId }: AccountIdParam, @Body() body: InvitationAnswerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, accountId);
    return this.commands.execute(new ConfirmCustomerCommand(accountId, body.token, ctx));
  }

  /** DeclineCustomerInvitation: the customer account itself, with the token from the e-mail. */
  @Post('customers/:accountId/decline')
  @HttpCode(200)
  @Roles('customer')
  @ApiOkResponse({ type: CommandAnswer, description: '`declined`' })
  @ApiProblems(400, [409, ...COMMAND_CONFLICTS], [422, 'INVITATION_TOKEN_INVALID', 'INVITATION_EXPIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  decline(@Param() { accountId }: AccountIdParam, @Body() body: InvitationAnswerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, accountId);
    return this.commands.execute(new DeclineCustomerInvitationCommand(accountId, body.token, ctx));
  }

  /** ApproveCustomer (reviewer). */
  @Post('customers/:accountId/approval')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOkResponse({ type: CommandAnswer, description: '`approved`' })
  @ApiProblems(400, [404, 'CUSTOMER_NOT_FOUND'], [409, 'CUSTOMER_NOT_PENDING', ...COMMAND_CONFLICTS], [422, 'PARTNER_NOT_ACTIVE', 'IDEMPOTENCY_KEY_REUSED'], 503)
  approve(@Param() { accountId }: AccountIdParam, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new ApproveCustomerCommand(accountId, ctx));
  }

  /** RejectCustomer (reviewer), with a reason. */
  @Post('customers/:accountId/rejection')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOkResponse({ type: CommandAnswer, description: '`rejected`' })
  @ApiProblems(400, [404, 'CUSTOMER_NOT_FOUND'], [409, 'CUSTOMER_NOT_PENDING', ...COMMAND_CONFLICTS], [422, 'REASON_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'], 503)
  reject(@Param() { accountId }: AccountIdParam, @Body() body: RejectCustomerDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RejectCustomerCommand(accountId, body.reason, ctx));
  }
}
