import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { PartnerIdParam } from '@pp/partners';
import { ApiProblems, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx } from '@pp/platform';
import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { AllocateCustomerCreditCommand, AllocationAnswer } from '../application/allocate-customer-credit/allocate-customer-credit.command';
import { DepositPartnerCreditCommand } from '../application/deposit-partner-credit/deposit-partner-credit.command';
import { RecordCustomerRevenueCommand } from '../application/record-customer-revenue/record-customer-revenue.command';
import { SetPartnerCreditThresholdsCommand } from '../application/set-partner-credit-thresholds/set-partner-credit-thresholds.command';
import { AllocateCustomerCreditDto, AllocationAnswerView, DepositPartnerCreditDto, RecordCustomerRevenueDto, SetPartnerCreditThresholdsDto } from './credit.dto';

/** Path parameters `{partnerId}` and `{accountId}`. */
class PartnerAccountParams {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId is not a valid account id' }) accountId!: string;
}

/** The partner's money: deposits, allocations, revenue (SPEC section 5). */
@ApiTags('credit')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiProblems(401, 403)
@Controller('v1/partners/:partnerId')
export class CreditController {
  constructor(private readonly commands: CommandBus) {}

  /** DepositPartnerCredit (service), once per payment reference. */
  @Post('credit-deposits')
  @HttpCode(200)
  @Roles('service')
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_AMOUNT', 'CURRENCY_NOT_SUPPORTED'], [404, 'PARTNER_NOT_FOUND'], [409, 'DEPOSIT_REFERENCE_CONFLICT', ...COMMAND_CONFLICTS], [422, 'PARTNER_NOT_ACTIVE', 'CURRENCY_MISMATCH', 'IDEMPOTENCY_KEY_REUSED'], 503)
  deposit(@Param() { partnerId }: PartnerIdParam, @Body() body: DepositPartnerCreditDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new DepositPartnerCreditCommand(partnerId, { amount: body.amount, currency: body.currency, reference: body.reference }, ctx));
  }

  /** AllocateCustomerCredit (partner): answers the customer's balance and the pool after it. */
  @Post('customers/:accountId/credit-allocations')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: AllocationAnswerView })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_AMOUNT', 'CURRENCY_NOT_SUPPORTED'], [409, ...COMMAND_CONFLICTS], [422, 'INSUFFICIENT_CREDIT', 'PARTNER_NOT_ACTIVE', 'CUSTOMER_NOT_APPROVED', 'CURRENCY_MISMATCH', 'IDEMPOTENCY_KEY_REUSED'], 503)
  allocate(@Param() params: PartnerAccountParams, @Body() body: AllocateCustomerCreditDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<AllocationAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new AllocateCustomerCreditCommand(params.partnerId, params.accountId, { amount: body.amount, currency: body.currency }, ctx));
  }

  /**
   * SetPartnerCreditThresholds (partner, its own pool; issue 18): replaces the alert thresholds; the
   * same set again is a no-op. The dashboard's `credit.thresholds` shows them and which are crossed.
   */
  @Put('credit/thresholds')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_AMOUNT', 'INVALID_THRESHOLD', 'DUPLICATE_THRESHOLD', 'TOO_MANY_THRESHOLDS'], [404, 'PARTNER_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  setThresholds(@Param() { partnerId }: PartnerIdParam, @Body() body: SetPartnerCreditThresholdsDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, partnerId);
    return this.commands.execute(new SetPartnerCreditThresholdsCommand(partnerId, body.thresholds.map((t) => ({ usedPercent: t.usedPercent ?? undefined, availableBelow: t.availableBelow ?? undefined })), ctx));
  }

  /** RecordCustomerRevenue (service), once per billing reference. */
  @Post('customers/:accountId/revenue')
  @HttpCode(200)
  @Roles('service')
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_AMOUNT', 'CURRENCY_NOT_SUPPORTED'], [409, 'BILLING_REFERENCE_CONFLICT', ...COMMAND_CONFLICTS], [422, 'PERIOD_IN_FUTURE', 'CUSTOMER_NOT_APPROVED', 'CURRENCY_MISMATCH', 'PRICE_LIST_NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED'], 503)
  revenue(@Param() params: PartnerAccountParams, @Body() body: RecordCustomerRevenueDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(
      new RecordCustomerRevenueCommand(
        params.partnerId,
        params.accountId,
        {
          period: body.period,
          amount: body.amount,
          currency: body.currency,
          billingReference: body.billingReference,
          ...(body.priceListId !== undefined && body.priceListVersion !== undefined ? { priceList: { id: body.priceListId, version: body.priceListVersion } } : {}),
        },
        ctx,
      ),
    );
  }
}
