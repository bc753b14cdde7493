import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountIdParam } from '@pp/accounts';
import { PartnerIdParam } from '@pp/partners';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { CommandAnswer, CommandContext, Ctx } from '@pp/platform';
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
  invitation(@Param() { accountId }: AccountIdParam, @CurrentActor() actor: TokenClaims): Promise<InvitationView> {
    assertOwnAccount(actor, accountId);
    return this.queries.execute(new GetInvitationQuery(accountId));
  }

  /** AddCustomer: 200 with one result per row, in input order. */
  @Post('partners/:partnerId/customers')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: AddCustomersAnswerDto, description: 'one result per row, in input order' })
  add(@Param() { partnerId }: PartnerIdParam, @Body() body: AddCustomersDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<AddCustomerAnswer> {
    assertOwnAccount(actor, partnerId);
    return this.commands.execute(new AddCustomerCommand(partnerId, body.customers.map((c) => ({ email: c.email, commonName: c.commonName, role: c.role })), ctx));
  }

  /** CancelCustomerInvitation (open invitation) or EndCustomerRelationship (confirmed), by the partner or a reviewer. */
  @Delete('partners/:partnerId/customers/:accountId')
  @HttpCode(200)
  @Roles('partner', 'reviewer')
  remove(@Param() params: PartnerCustomerParams, @Body() body: RemoveCustomerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new RemoveCustomerCommand(params.partnerId, params.accountId, body?.reason ?? null, ctx));
  }

  /** SetCustomerDiscount (partner): every change is kept. */
  @Put('partners/:partnerId/customers/:accountId/discount')
  @HttpCode(200)
  @Roles('partner')
  discount(@Param() params: PartnerCustomerParams, @Body() body: SetCustomerDiscountDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new SetCustomerDiscountCommand(params.partnerId, params.accountId, body.percent, body.effectiveMonth, ctx));
  }

  /** ConfirmCustomer: the customer account itself, with the token from the e-mail. */
  @Post('customers/:accountId/confirmation')
  @HttpCode(200)
  @Roles('customer')
  confirm(@Param() { accountId }: AccountIdParam, @Body() body: InvitationAnswerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, accountId);
    return this.commands.execute(new ConfirmCustomerCommand(accountId, body.token, ctx));
  }

  /** DeclineCustomerInvitation: the customer account itself, with the token from the e-mail. */
  @Post('customers/:accountId/decline')
  @HttpCode(200)
  @Roles('customer')
  decline(@Param() { accountId }: AccountIdParam, @Body() body: InvitationAnswerDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, accountId);
    return this.commands.execute(new DeclineCustomerInvitationCommand(accountId, body.token, ctx));
  }

  /** ApproveCustomer (reviewer). */
  @Post('customers/:accountId/approval')
  @HttpCode(200)
  @Roles('reviewer')
  approve(@Param() { accountId }: AccountIdParam, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new ApproveCustomerCommand(accountId, ctx));
  }

  /** RejectCustomer (reviewer), with a reason. */
  @Post('customers/:accountId/rejection')
  @HttpCode(200)
  @Roles('reviewer')
  reject(@Param() { accountId }: AccountIdParam, @Body() body: RejectCustomerDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RejectCustomerCommand(accountId, body.reason, ctx));
  }
}
