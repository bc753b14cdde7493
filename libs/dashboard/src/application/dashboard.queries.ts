import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { thresholdHolds } from '@pp/credit';
import { Database, DATABASE, sql } from '@pp/database';
import { Clock, CLOCK, decodeCursor, encodeCursor, formatAmount, formatPercent, isInstant, notFound } from '@pp/platform';
import { CustomerCurrentPriceList, CustomerPriceListEntry, PriceListReads, priceListsProjection } from '@pp/price-lists';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { ProjectionRunner } from '@pp/read-store';
import { Selectable } from 'kysely';
import { DashboardCustomersTable, DashboardPartnersTable, DashboardRevenueTable, partnerDashboardProjection } from '../projections/partner-dashboard.projection';

/** Customer states the dashboard always counts, zero or not. */
export const CUSTOMER_STATES = ['invited', 'pending_approval', 'approved', 'declined', 'cancelled', 'expired', 'rejected', 'ended'] as const;

/**
 * The partner dashboard (SPEC section 9). Money as decimal strings in the program currency; times
 * UTC ISO-8601.
 */
export interface PartnerDashboard {
  partnerId: string;
  status: string;
  program: string;
  appliedAt: string;
  approvedAt: string | null;
  assessmentEndsAt: string | null;
  courses: { required: number; completed: number };
  customers: Record<string, number>;
  credit: { currency: string; deposited: string; allocated: string; available: string; thresholds: CreditThresholdStatus[] };
  revenue: { currency: string; byMonth: Record<string, string>; byCustomer: Record<string, string>; total: string };
  /** How many approved customers each price list bills this month (the program's default included), in id order (issue 17). */
  priceLists: PriceListCount[];
  position: string;
}

/**
 * One credit alert threshold of the partner (issue 18) and whether the pool is past it now:
 * `usedPercent` a whole percent of what was deposited, or `availableBelow` a decimal string in the
 * program currency; exactly one of them.
 */
export interface CreditThresholdStatus {
  usedPercent?: number;
  availableBelow?: string;
  crossed: boolean;
}

/** One price list on the dashboard: how many of the partner's approved customers it bills this month. */
export interface PriceListCount {
  priceListId: string;
  /** Null when the list is not published (a default the provider has not published yet). */
  name: string | null;
  isDefault: boolean;
  customers: number;
}

/** One customer in the partner's list. */
export interface CustomerListItem {
  accountId: string;
  email: string;
  commonName: string;
  role: string;
  status: string;
  invitedAt: string;
  updatedAt: string;
  /** Credit allocated to the customer and not reclaimed, decimal string in the program currency. */
  creditBalance: string;
  /** The latest discount set, percent as a decimal string, or null. */
  discount: { percent: string; effectiveMonth: string } | null;
  /** Every discount set in this relationship, oldest first (the latest is {@link discount}); empty when none. */
  discounts: DiscountHistoryEntry[];
  /** The price list the customer is billed by this month, assigned or the program's default; null unless approved (issue 17). */
  priceList: CustomerCurrentPriceList | null;
  /** Every price list assigned in this relationship, oldest first; empty when none. */
  priceLists: CustomerPriceListEntry[];
}

/** One SetCustomerDiscount of a customer (SPEC section 5: "history kept"). */
export interface DiscountHistoryEntry {
  /** Percent as a decimal string, e.g. `7.5`. */
  percent: string;
  /** `YYYY-MM`, the first month the discount applies to. */
  effectiveMonth: string;
  /** When the partner set it, UTC ISO-8601. */
  setAt: string;
}

/** A page of the customer list. */
export interface CustomerListPage {
  items: CustomerListItem[];
  nextCursor: string | null;
  position: string;
}

/** GetPartnerDashboard. */
export class GetPartnerDashboardQuery extends Query<PartnerDashboard> {
  constructor(
    readonly partnerId: string,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

/** ListPartnerCustomers: cursor paging, oldest invitation first, optional state filter. */
export class ListPartnerCustomersQuery extends Query<CustomerListPage> {
  constructor(
    readonly partnerId: string,
    readonly filter: { state?: string; limit: number; cursor?: string; minPosition?: bigint },
  ) {
    super();
  }
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `READ_MODEL_BEHIND` (503). */
@QueryHandler(GetPartnerDashboardQuery)
export class GetPartnerDashboardHandler implements IQueryHandler<GetPartnerDashboardQuery, PartnerDashboard> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
    private readonly priceLists: PriceListReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, minPosition }: GetPartnerDashboardQuery): Promise<PartnerDashboard> {
    const reached = await this.projections.waitFor([partnerDashboardProjection.name, priceListsProjection.name], minPosition);
    const db = this.database.db;
    const { rows } = await sql<Selectable<DashboardPartnersTable>>`select * from dashboard_partners where partner_id = ${partnerId}`.execute(db);
    const partner = rows[0];
    if (!partner) throw notFound('PARTNER_NOT_FOUND', `no partner ${partnerId}`);
    const counts = await sql<{ status: string; n: unknown }>`select status, count(*) as n from dashboard_customers where partner_id = ${partnerId} group by status`.execute(db);
    const customers: Record<string, number> = Object.fromEntries(CUSTOMER_STATES.map((s) => [s, 0]));
    for (const row of counts.rows) customers[row.status] = Number(row.n);
    const currency = this.program.currency;
    const money = (v: bigint) => formatAmount(v, currency);
    const revenue = await sql<Pick<Selectable<DashboardRevenueTable>, 'account_id' | 'period' | 'amount'>>`select account_id, period, amount from dashboard_revenue where partner_id = ${partnerId}`.execute(db);
    const byMonth = new Map<string, bigint>();
    const byCustomer = new Map<string, bigint>();
    let total = 0n;
    for (const r of revenue.rows) {
      const amount = BigInt(String(r.amount));
      byMonth.set(r.period, (byMonth.get(r.period) ?? 0n) + amount);
      byCustomer.set(r.account_id, (byCustomer.get(r.account_id) ?? 0n) + amount);
      total += amount;
    }
    const sorted = (m: Map<string, bigint>) => Object.fromEntries([...m.keys()].sort().map((k) => [k, money(m.get(k)!)]));
    const deposited = BigInt(String(partner.deposited));
    const allocated = BigInt(String(partner.allocated));
    return {
      partnerId,
      status: partner.status,
      program: partner.program,
      appliedAt: iso(partner.applied_at)!,
      approvedAt: iso(partner.approved_at),
      assessmentEndsAt: iso(partner.assessment_ends_at),
      courses: { required: this.program.requiredCourses.length, completed: partner.courses_completed.filter((c) => this.program.requiredCourses.includes(c)).length },
      customers,
      credit: {
        currency,
        deposited: money(deposited),
        allocated: money(allocated),
        available: money(deposited - allocated),
        thresholds: partner.credit_thresholds.map((t) => ({
          ...('usedPercent' in t ? { usedPercent: t.usedPercent } : { availableBelow: money(BigInt(t.availableBelow)) }),
          crossed: thresholdHolds(t, { deposited, allocated }),
        })),
      },
      revenue: {
        currency,
        byMonth: sorted(byMonth),
        byCustomer: sorted(byCustomer),
        total: money(total),
      },
      priceLists: await this.priceLists.countsOf(partnerId, this.clock.now()),
      position: reached.toString(),
    };
  }
}

/** One row of the customer read model as the API answers it, with its price lists (none when the price-lists read model has no row for it). */
function customerItem(r: Selectable<DashboardCustomersTable>, currency: string, priceLists: Map<string, { priceList: CustomerCurrentPriceList | null; priceLists: CustomerPriceListEntry[] }>): CustomerListItem {
  return {
    accountId: r.account_id,
    email: r.email,
    commonName: r.common_name,
    role: r.role,
    status: r.status,
    invitedAt: iso(r.invited_at)!,
    updatedAt: iso(r.updated_at)!,
    creditBalance: formatAmount(BigInt(String(r.credit_balance)), currency),
    // Both columns are set, and cleared, by the same statements: one null means both are.
    discount: r.discount_basis_points === null || r.discount_effective_month === null ? null : { percent: formatPercent(Number(r.discount_basis_points)), effectiveMonth: r.discount_effective_month },
    discounts: r.discounts.map((d) => ({ percent: formatPercent(d.basisPoints), effectiveMonth: d.effectiveMonth, setAt: iso(d.setAt)! })),
    priceList: priceLists.get(r.account_id)?.priceList ?? null,
    priceLists: priceLists.get(r.account_id)?.priceLists ?? [],
  };
}

/** GetPartnerCustomer: one customer of the partner's list, after the read model reached `minPosition`. */
export class GetPartnerCustomerQuery extends Query<CustomerListItem & { position: string }> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

/** @throws DomainError `CUSTOMER_NOT_FOUND` (404) when the account is not among the partner's customers, `READ_MODEL_BEHIND` (503). */
@QueryHandler(GetPartnerCustomerQuery)
export class GetPartnerCustomerHandler implements IQueryHandler<GetPartnerCustomerQuery, CustomerListItem & { position: string }> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
    private readonly priceLists: PriceListReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, accountId, minPosition }: GetPartnerCustomerQuery): Promise<CustomerListItem & { position: string }> {
    const reached = await this.projections.waitFor([partnerDashboardProjection.name, priceListsProjection.name], minPosition);
    const { rows } = await sql<Selectable<DashboardCustomersTable>>`
      select * from dashboard_customers where partner_id = ${partnerId} and account_id = ${accountId}`.execute(this.database.db);
    if (!rows[0]) throw notFound('CUSTOMER_NOT_FOUND', `${accountId} is not a customer of ${partnerId}`);
    const priceLists = await this.priceLists.ofCustomers(partnerId, [accountId], this.clock.now());
    return { ...customerItem(rows[0], this.program.currency, priceLists), position: reached.toString() };
  }
}

/** Keyset paging over (invited_at, account_id). */
@QueryHandler(ListPartnerCustomersQuery)
export class ListPartnerCustomersHandler implements IQueryHandler<ListPartnerCustomersQuery, CustomerListPage> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
    private readonly priceLists: PriceListReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, filter }: ListPartnerCustomersQuery): Promise<CustomerListPage> {
    const reached = await this.projections.waitFor([partnerDashboardProjection.name, priceListsProjection.name], filter.minPosition);
    const after = filter.cursor ? decodeCursor(filter.cursor, [isInstant, (k) => ACCOUNT_ID_PATTERN.test(k)]) : undefined;
    const { rows } = await sql<Selectable<DashboardCustomersTable>>`
      select * from dashboard_customers where partner_id = ${partnerId}
      ${filter.state ? sql`and status = ${filter.state}` : sql``}
      ${after ? sql`and (invited_at, account_id) > (${after[0]}::timestamptz, ${after[1]})` : sql``}
      order by invited_at, account_id limit ${filter.limit + 1}`.execute(this.database.db);
    const page = rows.slice(0, filter.limit);
    const priceLists = await this.priceLists.ofCustomers(partnerId, page.map((r) => r.account_id), this.clock.now());
    const items: CustomerListItem[] = page.map((r) => customerItem(r, this.program.currency, priceLists));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.invitedAt, last.accountId]) : null, position: reached.toString() };
  }
}
