import { sql } from '@pp/database';
import { Kysely } from 'kysely';

/**
 * The price lists that are a customer account's own: those assigned in its current approved
 * relationship, and the program's default, which bills it while none is in effect. None while the
 * account is no approved customer.
 */
export async function customerPriceListIds(db: Kysely<unknown>, accountId: string, defaultPriceListId: string): Promise<string[]> {
  const { rows } = await sql<{ assignments: Array<{ priceListId: string }> }>`
    select assignments from price_list_customers where account_id = ${accountId} and status = 'approved'`.execute(db);
  if (rows.length === 0) return [];
  return [...new Set([defaultPriceListId, ...rows.flatMap((r) => r.assignments.map((a) => a.priceListId))])];
}
