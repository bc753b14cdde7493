import { sql } from '@pp/database';
import { QueryExecutorProvider } from 'kysely';

/**
 * Every row of each table as canonical JSON text, sorted: two snapshots are equal exactly when the
 * tables hold the same rows (used to compare live read models with a rebuild).
 */
export async function tableRows(db: QueryExecutorProvider, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows } = await sql<{ row: string }>`select to_jsonb(x)::text as row from ${sql.table(table)} x order by 1`.execute(db);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}
