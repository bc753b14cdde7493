import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { ProjectionRunner } from '@pp/read-store';
import { Selectable } from 'kysely';
import { PriceListsTable, priceListsProjection } from '../../projections/price-lists.projection';
import { customerPriceListIds } from '../customer-price-list-ids';
import { priceListDetail, PriceListSummary } from '../price-list-views';

/** The answer of GET /v1/price-lists. */
export interface PriceListPage {
  items: PriceListSummary[];
  position: string;
}

/**
 * ListPriceLists: every price list in id order, optionally only `published` or `retired` ones; for
 * a customer (`customerAccountId`) only its own: the lists of its relationship's assignments and the
 * program's default while it is an approved customer. `now` decides the version in effect (UTC day).
 */
export class ListPriceListsQuery extends Query<PriceListPage> {
  constructor(
    readonly filter: { status?: 'published' | 'retired'; customerAccountId?: string; minPosition?: bigint },
    readonly now: Date,
  ) {
    super();
  }
}

/** Price lists are few (a provider publishes tens): the list answers all of them, up to this many. */
export const PRICE_LIST_LIMIT = 500;

/** @throws DomainError `READ_MODEL_BEHIND` (503). */
@QueryHandler(ListPriceListsQuery)
export class ListPriceListsHandler implements IQueryHandler<ListPriceListsQuery, PriceListPage> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ filter, now }: ListPriceListsQuery): Promise<PriceListPage> {
    const reached = await this.projections.waitFor([priceListsProjection.name], filter.minPosition);
    const db = this.database.db;
    const own = filter.customerAccountId === undefined ? undefined : await customerPriceListIds(db, filter.customerAccountId, this.program.defaultPriceListId);
    if (own?.length === 0) return { items: [], position: reached.toString() };
    const { rows } = await sql<Selectable<PriceListsTable>>`
      select * from price_lists where true
      ${filter.status ? sql`and status = ${filter.status}` : sql``}
      ${own ? sql`and price_list_id in (${sql.join(own.map((id) => sql`${id}`))})` : sql``}
      order by price_list_id limit ${PRICE_LIST_LIMIT}`.execute(db);
    const today = now.toISOString().slice(0, 10);
    const items = rows.map((r) => {
      const { versions: _versions, ...summary } = priceListDetail(r, today, this.program.defaultPriceListId);
      return summary;
    });
    return { items, position: reached.toString() };
  }
}
