import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiProblems, PageQueryDto, READ_UNAVAILABLE } from '@pp/platform';
import { assertOwnAccount, CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { PartnerIdParam, ReadQueryDto } from '@pp/partners';
import { CustomerListItem, CustomerListPage, CUSTOMER_STATES, GetPartnerCustomerQuery, GetPartnerDashboardQuery, ListPartnerCustomersQuery, PartnerDashboard } from '../application/dashboard.queries';
import { CustomerParams } from './customer-params.dto';
import { CustomerListPageView, PartnerCustomerView, PartnerDashboardView } from './dashboard-views.dto';

/** Query of GET /v1/partners/{partnerId}/customers. */
export class CustomerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CUSTOMER_STATES }) @IsOptional() @IsIn(CUSTOMER_STATES) state?: string;
}

const position = (text?: string) => (text === undefined ? undefined : BigInt(text));

/** The partner dashboard and customer list: the partner itself, reviewers, auditors. */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('v1/partners/:partnerId')
@Roles('partner', 'reviewer', 'auditor')
@ApiProblems(401, 403)
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dashboard')
  @ApiOkResponse({ type: PartnerDashboardView })
  @ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  dashboard(@Param() { partnerId }: PartnerIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<PartnerDashboard> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new GetPartnerDashboardQuery(partnerId, position(query.minPosition)));
  }

  @Get('customers')
  @ApiOkResponse({ type: CustomerListPageView })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_CURSOR'], [503, ...READ_UNAVAILABLE])
  customers(@Param() { partnerId }: PartnerIdParam, @Query() query: CustomerListQueryDto, @CurrentActor() actor: TokenClaims): Promise<CustomerListPage> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new ListPartnerCustomersQuery(partnerId, { state: query.state, limit: query.limit ?? 50, cursor: query.cursor, minPosition: position(query.minPosition) }));
  }

  /** One customer of the partner, as in the list (issue 14: the console's customer page). */
  @Get('customers/:accountId')
  @ApiOkResponse({ type: PartnerCustomerView })
  @ApiProblems(400, [404, 'CUSTOMER_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  customer(@Param() { partnerId, accountId }: CustomerParams, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<CustomerListItem & { position: string }> {
    assertOwnAccount(actor, partnerId);
    return this.queries.execute(new GetPartnerCustomerQuery(partnerId, accountId, position(query.minPosition)));
  }
}
