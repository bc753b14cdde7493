import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { ApiProblems, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx, READ_UNAVAILABLE, ReadQueryDto } from '@pp/platform';
import { AssignCustomerPriceListCommand } from '../application/assign-customer-price-list/assign-customer-price-list.command';
import { GetPriceListQuery } from '../application/get-price-list/get-price-list.query';
import { ListPriceListsQuery, PriceListPage } from '../application/list-price-lists/list-price-lists.query';
import { PriceListDetail } from '../application/price-list-views';
import { PublishPriceListCommand } from '../application/publish-price-list/publish-price-list.command';
import { RetirePriceListCommand } from '../application/retire-price-list/retire-price-list.command';
import {
  AssignCustomerPriceListDto,
  ListPriceListsQueryDto,
  PartnerCustomerPathParams,
  PriceListIdParam,
  PriceListPageView,
  PriceListView,
  PublishPriceListAnswerView,
  PublishPriceListDto,
  RetirePriceListDto,
} from './price-list.dto';

const position = (text?: string) => (text === undefined ? undefined : BigInt(text));

/** Price lists (issue 17, seed 003): published and retired by the provider's pricing system, assigned by partners, read by every role. */
@ApiTags('price-lists')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiProblems(401, 403)
@Controller('v1')
export class PriceListsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** PublishPriceList (service): the list's first version, or a new one replacing the items from `effectiveFrom` on. */
  @Post('price-lists/:priceListId/versions')
  @HttpCode(200)
  @Roles('service')
  @ApiOkResponse({ type: PublishPriceListAnswerView })
  @ApiProblems(
    [400, 'VALIDATION_FAILED', 'INVALID_AMOUNT', 'CURRENCY_NOT_SUPPORTED', 'DUPLICATE_SKU'],
    [409, ...COMMAND_CONFLICTS],
    [422, 'PRICE_LIST_RETIRED', 'CURRENCY_MISMATCH', 'EFFECTIVE_DATE_IN_PAST', 'EFFECTIVE_DATE_BEFORE_LATEST', 'IDEMPOTENCY_KEY_REUSED'],
    503,
  )
  publish(@Param() { priceListId }: PriceListIdParam, @Body() body: PublishPriceListDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer & { version: number }> {
    return this.commands.execute(
      new PublishPriceListCommand(priceListId, { name: body.name, currency: body.currency, effectiveFrom: body.effectiveFrom, items: body.items.map((i) => ({ sku: i.sku, description: i.description, unit: i.unit, unitPrice: i.unitPrice })) }, ctx),
    );
  }

  /** RetirePriceList (service): partners assign it no more; a retired list stays readable. */
  @Post('price-lists/:priceListId/retirement')
  @HttpCode(200)
  @Roles('service')
  @ApiOkResponse({ type: CommandAnswer, description: 'the list `retired`' })
  @ApiProblems(400, [404, 'PRICE_LIST_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  retire(@Param() { priceListId }: PriceListIdParam, @Body() body: RetirePriceListDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RetirePriceListCommand(priceListId, body?.reason ?? null, ctx));
  }

  /** AssignCustomerPriceList (partner): its approved customer is billed by the list from a month on; every assignment is kept. */
  @Put('partners/:partnerId/customers/:accountId/price-list')
  @HttpCode(200)
  @Roles('partner')
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems(
    400,
    [409, ...COMMAND_CONFLICTS],
    [422, 'PRICE_LIST_NOT_FOUND', 'PRICE_LIST_RETIRED', 'CURRENCY_MISMATCH', 'CUSTOMER_NOT_APPROVED', 'EFFECTIVE_MONTH_IN_PAST', 'PARTNER_NOT_ACTIVE', 'IDEMPOTENCY_KEY_REUSED'],
    503,
  )
  assign(@Param() params: PartnerCustomerPathParams, @Body() body: AssignCustomerPriceListDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    assertOwnAccount(actor, params.partnerId);
    return this.commands.execute(new AssignCustomerPriceListCommand(params.partnerId, params.accountId, body.priceListId, body.effectiveMonth, ctx));
  }

  /** Every price list, in id order; a customer sees only its own (its assignments and the default while it is approved). */
  @Get('price-lists')
  @Roles('partner', 'customer', 'reviewer', 'auditor', 'service')
  @ApiOkResponse({ type: PriceListPageView })
  @ApiProblems(400, [503, ...READ_UNAVAILABLE])
  list(@Query() query: ListPriceListsQueryDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<PriceListPage> {
    const customerAccountId = actor.role === 'customer' ? (actor.account ?? '') : undefined;
    return this.queries.execute(new ListPriceListsQuery({ status: query.status, customerAccountId, minPosition: position(query.minPosition) }, ctx.now));
  }

  /** One price list with every version and its items; to a customer, a list not its own does not exist (404). */
  @Get('price-lists/:priceListId')
  @Roles('partner', 'customer', 'reviewer', 'auditor', 'service')
  @ApiOkResponse({ type: PriceListView })
  @ApiProblems(400, [404, 'PRICE_LIST_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  get(@Param() { priceListId }: PriceListIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims, @Ctx() ctx: CommandContext): Promise<PriceListDetail & { position: string }> {
    const customerAccountId = actor.role === 'customer' ? (actor.account ?? '') : undefined;
    return this.queries.execute(new GetPriceListQuery(priceListId, customerAccountId, ctx.now, position(query.minPosition)));
  }
}
