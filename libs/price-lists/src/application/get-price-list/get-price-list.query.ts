import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { notFound } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { ProjectionRunner } from '@pp/read-store';
import { Selectable } from 'kysely';
import { PriceListsTable, priceListsProjection } from '../../projections/price-lists.projection';
import { customerPriceListIds } from '../customer-price-list-ids';
import { PriceListDetail, priceListDetail } from '../price-list-views';

/** GetPriceList: one price list with every version; for a customer (`customerAccountId`) only one of its own. */
export class GetPriceListQuery extends Query<PriceListDetail & { position: string }> {
  constructor(
    readonly priceListId: string,
    readonly customerAccountId: string | undefined,
    readonly now: Date,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

/**
 * A list that is not a customer's own answers it as one that does not exist: a customer learns
 * nothing of the lists of others (their names may be a deal's).
 * @throws DomainError `PRICE_LIST_NOT_FOUND` (404), `READ_MODEL_BEHIND` (503).
 */
@QueryHandler(GetPriceListQuery)
export class GetPriceListHandler implements IQueryHandler<GetPriceListQuery, PriceListDetail & { position: string }> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ priceListId, customerAccountId, now, minPosition }: GetPriceListQuery): Promise<PriceListDetail & { position: string }> {
    const reached = await this.projections.waitFor([priceListsProjection.name], minPosition);
    const db = this.database.db;
    const missing = () => notFound('PRICE_LIST_NOT_FOUND', `no price list ${priceListId}`);
    if (customerAccountId !== undefined && !(await customerPriceListIds(db, customerAccountId, this.program.defaultPriceListId)).includes(priceListId)) throw missing();
    const { rows } = await sql<Selectable<PriceListsTable>>`select * from price_lists where price_list_id = ${priceListId}`.execute(db);
    if (!rows[0]) throw missing();
    return { ...priceListDetail(rows[0], now.toISOString().slice(0, 10), this.program.defaultPriceListId), position: reached.toString() };
  }
}
