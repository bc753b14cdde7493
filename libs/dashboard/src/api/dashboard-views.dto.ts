import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { CustomerCurrentPriceList, CustomerPriceListEntry } from '@pp/price-lists';
import { CUSTOMER_STATES, type CreditThresholdStatus, type CustomerListItem, type CustomerListPage, type DiscountHistoryEntry, type PartnerDashboard, type PriceListCount } from '../application/dashboard.queries';

/** How many of the partner's approved customers a price list bills this month. */
@ApiSchema({ name: 'DashboardPriceList' })
export class DashboardPriceListView implements PriceListCount {
  @ApiProperty({ example: 'vngcloud-standard' }) priceListId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VNG Cloud Standard', description: 'null while the list is not published' }) name!: string | null;
  @ApiProperty({ description: "the program's default price list" }) isDefault!: boolean;
  @ApiProperty({ example: 3 }) customers!: number;
}

/** The price list a customer is billed by this month. */
@ApiSchema({ name: 'CustomerCurrentPriceList' })
export class CustomerCurrentPriceListView implements CustomerCurrentPriceList {
  @ApiProperty({ example: 'vngcloud-standard' }) priceListId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VNG Cloud Standard', description: 'null while the list is not published' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-01', description: '`YYYY-MM` of the assignment in effect; null for the default' }) effectiveMonth!: string | null;
  @ApiProperty({ enum: ['assigned', 'default'], description: "assigned by the partner, or the program's default while none is" }) source!: 'assigned' | 'default';
}

/** One AssignCustomerPriceList of the relationship. */
@ApiSchema({ name: 'CustomerPriceListEntry' })
export class CustomerPriceListEntryView implements CustomerPriceListEntry {
  @ApiProperty({ example: 'vngcloud-enterprise' }) priceListId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VNG Cloud Enterprise' }) name!: string | null;
  @ApiProperty({ example: '2027-01', description: '`YYYY-MM`, the first month it applies to' }) effectiveMonth!: string;
  @ApiProperty({ example: '2026-12-01T03:00:00.000Z' }) assignedAt!: string;
}

/** Required courses and how many of them the partner completed. */
export class DashboardCoursesView {
  @ApiProperty({ example: 2 }) required!: number;
  @ApiProperty({ example: 1 }) completed!: number;
}

/** A credit alert threshold (issue 18) and whether the pool is past it now: exactly one of `usedPercent` and `availableBelow`. */
@ApiSchema({ name: 'CreditThresholdStatus' })
export class CreditThresholdStatusView implements CreditThresholdStatus {
  @ApiPropertyOptional({ example: 70, description: 'whole percent (1-100) of what was deposited that is allocated to customers' }) usedPercent?: number;
  @ApiPropertyOptional({ example: '5000000', description: 'alert when less than this is left in the pool; decimal string in the program currency' }) availableBelow?: string;
  @ApiProperty({ example: false, description: 'the pool is past the threshold now (it alerted when it crossed it)' }) crossed!: boolean;
}

/** The credit pool: decimal strings in the program currency. */
export class DashboardCreditView {
  @ApiProperty({ example: 'VND' }) currency!: string;
  @ApiProperty({ example: '50000000' }) deposited!: string;
  @ApiProperty({ example: '20000000' }) allocated!: string;
  @ApiProperty({ example: '30000000' }) available!: string;
  @ApiProperty({ type: [CreditThresholdStatusView], description: 'the alert thresholds set with PUT .../credit/thresholds, used percents ascending, then amounts descending' }) thresholds!: CreditThresholdStatusView[];
}

/** Revenue of the partner's customers: decimal strings in the program currency. */
export class DashboardRevenueView {
  @ApiProperty({ example: 'VND' }) currency!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { '2026-10': '1250000', '2026-11': '3250000' }, description: 'by month `YYYY-MM`, oldest first' }) byMonth!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'vn-cus-minhphat': '4500000' }, description: 'by customer account' }) byCustomer!: Record<string, string>;
  @ApiProperty({ example: '4500000' }) total!: string;
}

/** GET /v1/partners/{partnerId}/dashboard (SPEC section 9); times UTC ISO-8601. */
@ApiSchema({ name: 'PartnerDashboard' })
export class PartnerDashboardView implements PartnerDashboard {
  @ApiProperty({ example: 'vn-ent-saoviet' }) partnerId!: string;
  @ApiProperty({ example: 'approved' }) status!: string;
  @ApiProperty({ example: 'vngcloud' }) program!: string;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) appliedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T03:00:00.000Z' }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) assessmentEndsAt!: string | null;
  @ApiProperty({ type: DashboardCoursesView }) courses!: DashboardCoursesView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: Object.fromEntries(CUSTOMER_STATES.map((s) => [s, 0])),
    description: `customers by state; every one of ${CUSTOMER_STATES.join(', ')} is present`,
  })
  customers!: Record<string, number>;
  @ApiProperty({ type: DashboardCreditView }) credit!: DashboardCreditView;
  @ApiProperty({ type: DashboardRevenueView }) revenue!: DashboardRevenueView;
  @ApiProperty({ type: [DashboardPriceListView], description: 'approved customers by the price list that bills them this month (the default included), in id order' }) priceLists!: DashboardPriceListView[];
  @ApiProperty({ example: '48234496' }) position!: string;
}

/** The latest discount of a customer. */
export class CustomerDiscountView {
  @ApiProperty({ example: '7.5', description: 'percent, decimal string' }) percent!: string;
  @ApiProperty({ example: '2027-01', description: '`YYYY-MM`, the first month it applies to' }) effectiveMonth!: string;
}

/** One SetCustomerDiscount of a customer. */
export class DiscountHistoryEntryView extends CustomerDiscountView implements DiscountHistoryEntry {
  @ApiProperty({ example: '2026-12-01T03:00:00.000Z' }) setAt!: string;
}

/** One customer in the partner's list; times UTC ISO-8601. */
@ApiSchema({ name: 'CustomerListItem' })
export class CustomerListItemView implements CustomerListItem {
  @ApiProperty({ example: 'vn-cus-minhphat' }) accountId!: string;
  @ApiProperty({ example: 'tran.thi.binh@minhphat.vn' }) email!: string;
  @ApiProperty({ example: 'Minh Phát' }) commonName!: string;
  @ApiProperty({ example: 'partner' }) role!: string;
  @ApiProperty({ enum: CUSTOMER_STATES, example: 'approved' }) status!: string;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) invitedAt!: string;
  @ApiProperty({ example: '2026-11-24T03:00:00.000Z' }) updatedAt!: string;
  @ApiProperty({ example: '20000000', description: 'credit allocated and not reclaimed, decimal string in the program currency' }) creditBalance!: string;
  @ApiProperty({ type: CustomerDiscountView, nullable: true, description: 'the latest discount set, or null' }) discount!: CustomerDiscountView | null;
  @ApiProperty({ type: [DiscountHistoryEntryView], description: 'every discount set in this relationship, oldest first' }) discounts!: DiscountHistoryEntryView[];
  @ApiProperty({ type: CustomerCurrentPriceListView, nullable: true, description: "the price list that bills the customer this month, assigned or the program's default; null unless approved" }) priceList!: CustomerCurrentPriceListView | null;
  @ApiProperty({ type: [CustomerPriceListEntryView], description: 'every price list assigned in this relationship, oldest first' }) priceLists!: CustomerPriceListEntryView[];
}

/** GET /v1/partners/{partnerId}/customers/{accountId}: the customer as in the list, and the position read at. */
@ApiSchema({ name: 'PartnerCustomer' })
export class PartnerCustomerView extends CustomerListItemView {
  @ApiProperty({ example: '48234496' }) position!: string;
}

/** A page of the customer list, oldest invitation first. */
@ApiSchema({ name: 'CustomerListPage' })
export class CustomerListPageView implements CustomerListPage {
  @ApiProperty({ type: [CustomerListItemView] }) items!: CustomerListItemView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
  @ApiProperty({ example: '48234496' }) position!: string;
}
