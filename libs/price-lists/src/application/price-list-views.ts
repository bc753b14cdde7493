import { Inject, Injectable } from '@nestjs/common';
import { assignmentInEffect } from '@pp/customers';
import { Database, DATABASE, sql } from '@pp/database';
import { formatAmount } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { Selectable } from 'kysely';
import { DateTime } from 'luxon';
import { versionOn } from '../domain/price-list.decider';
import { PriceListCustomersTable, PriceListsTable } from '../projections/price-lists.projection';

/** One item of a price list version; `unitPrice` a decimal string in the list's currency. */
export interface PriceListItemView {
  sku: string;
  description: string;
  unit: string;
  unitPrice: string;
}

/** One version of a price list; `effectiveFrom` `YYYY-MM-DD` (UTC day), `publishedAt` UTC ISO-8601. */
export interface PriceListVersionView {
  version: number;
  name: string;
  effectiveFrom: string;
  publishedAt: string;
  items: PriceListItemView[];
}

/** A price list as GET /v1/price-lists lists it. */
export interface PriceListSummary {
  priceListId: string;
  name: string;
  currency: string;
  status: 'published' | 'retired';
  /** The program's default price list: the one a customer is billed by while none is assigned. */
  isDefault: boolean;
  /** The version in effect today (UTC); null before the first takes effect. */
  currentVersion: number | null;
  /** The latest version published (it may take effect later). */
  latestVersion: number;
  publishedAt: string;
  retiredAt: string | null;
}

/** GET /v1/price-lists/{id}: the list and every version, oldest first. */
export interface PriceListDetail extends PriceListSummary {
  versions: PriceListVersionView[];
}

/** The price list a customer is billed by this month, and why: `assigned` by its partner, or the program's `default`. */
export interface CustomerCurrentPriceList {
  priceListId: string;
  /** The list's name; null when the default is not published (yet). */
  name: string | null;
  /** `YYYY-MM` of the assignment in effect; null for the default. */
  effectiveMonth: string | null;
  source: 'assigned' | 'default';
}

/** One AssignCustomerPriceList of the relationship. */
export interface CustomerPriceListEntry {
  priceListId: string;
  name: string | null;
  /** `YYYY-MM`, the first month the list applies to. */
  effectiveMonth: string;
  /** UTC ISO-8601. */
  assignedAt: string;
}

/** A customer's price lists: the one in effect this month (null unless approved) and every assignment, oldest first. */
export interface CustomerPriceLists {
  priceList: CustomerCurrentPriceList | null;
  priceLists: CustomerPriceListEntry[];
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** A `price_lists` row as the API answers it, `today` a UTC day `YYYY-MM-DD`. */
export function priceListDetail(row: Selectable<PriceListsTable>, today: string, defaultPriceListId: string): PriceListDetail {
  const versions = row.versions;
  return {
    priceListId: row.price_list_id,
    name: row.name,
    currency: row.currency,
    status: row.status === 'retired' ? 'retired' : 'published',
    isDefault: row.price_list_id === defaultPriceListId,
    currentVersion: versionOn(versions, today)?.version ?? null,
    latestVersion: versions[versions.length - 1].version,
    publishedAt: iso(row.published_at),
    retiredAt: row.retired_at === null ? null : iso(row.retired_at),
    versions: versions.map((v) => ({
      version: v.version,
      name: v.name,
      effectiveFrom: v.effectiveFrom,
      publishedAt: v.publishedAt,
      items: v.items.map((i) => ({ sku: i.sku, description: i.description, unit: i.unit, unitPrice: formatAmount(BigInt(i.unitPrice), row.currency) })),
    })),
  };
}

/**
 * Reads of the price-lists read model for other contexts' views (the partner's customer list and
 * dashboard): a customer's price lists this month, and how many approved customers each list bills.
 * The month is the program's (its time zone), as effective months are.
 */
@Injectable()
export class PriceListReads {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {}

  /** `YYYY-MM` of `now` in the program's time zone. */
  monthOf(now: Date): string {
    return DateTime.fromJSDate(now, { zone: this.program.timeZone }).toFormat('yyyy-MM');
  }

  /** The price lists of some customers of a partner, by account id; an account without a row has none. */
  async ofCustomers(partnerId: string, accountIds: readonly string[], now: Date): Promise<Map<string, CustomerPriceLists>> {
    const result = new Map<string, CustomerPriceLists>();
    if (accountIds.length === 0) return result;
    const db = this.database.db;
    const { rows } = await sql<Selectable<PriceListCustomersTable>>`
      select * from price_list_customers where partner_id = ${partnerId} and account_id in (${sql.join(accountIds.map((a) => sql`${a}`))})`.execute(db);
    const names = await this.names(rows.flatMap((r) => r.assignments.map((a) => a.priceListId)));
    const month = this.monthOf(now);
    for (const row of rows) {
      const current = row.status === 'approved' ? assignmentInEffect(row.assignments, month) : undefined;
      result.set(row.account_id, {
        priceList:
          row.status !== 'approved'
            ? null
            : current
              ? { priceListId: current.priceListId, name: names.get(current.priceListId) ?? null, effectiveMonth: current.effectiveMonth, source: 'assigned' }
              : { priceListId: this.program.defaultPriceListId, name: names.get(this.program.defaultPriceListId) ?? null, effectiveMonth: null, source: 'default' },
        priceLists: row.assignments.map((a) => ({ priceListId: a.priceListId, name: names.get(a.priceListId) ?? null, effectiveMonth: a.effectiveMonth, assignedAt: iso(a.assignedAt) })),
      });
    }
    return result;
  }

  /** How many of the partner's approved customers each price list bills this month (the default included), by price list id in id order. */
  async countsOf(partnerId: string, now: Date): Promise<Array<{ priceListId: string; name: string | null; isDefault: boolean; customers: number }>> {
    const { rows } = await sql<Pick<Selectable<PriceListCustomersTable>, 'assignments'>>`
      select assignments from price_list_customers where partner_id = ${partnerId} and status = 'approved'`.execute(this.database.db);
    const month = this.monthOf(now);
    const counts = new Map<string, number>();
    for (const row of rows) {
      const id = assignmentInEffect(row.assignments, month)?.priceListId ?? this.program.defaultPriceListId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const names = await this.names([...counts.keys()]);
    return [...counts.keys()].sort().map((id) => ({ priceListId: id, name: names.get(id) ?? null, isDefault: id === this.program.defaultPriceListId, customers: counts.get(id)! }));
  }

  /** Names of the price lists given (the latest version's), by id. */
  private async names(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set([...ids, this.program.defaultPriceListId])];
    const { rows } = await sql<{ price_list_id: string; name: string }>`
      select price_list_id, name from price_lists where price_list_id in (${sql.join(unique.map((a) => sql`${a}`))})`.execute(this.database.db);
    return new Map(rows.map((r) => [r.price_list_id, r.name]));
  }
}
