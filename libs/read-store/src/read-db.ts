import { Database } from '@pp/database';
import { ColumnType, Kysely } from 'kysely';

/**
 * Every read-model table of the process, as Kysely sees it. Each context declares the tables of its
 * projections next to them (e.g. `ApprovalQueueTables`) and merges them in here:
 *
 * ```ts
 * declare module '@pp/read-store' {
 *   interface ReadDb extends ApprovalQueueTables {}
 * }
 * ```
 *
 * Declaration merging rather than an intersection written here: the contexts depend on this library
 * (for {@link Projection}), so it cannot import their tables without a cycle.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ReadDb {}

/**
 * A `timestamptz` column: read as a `Date` (`pg` and PGlite both parse it), written as a UTC
 * ISO-8601 string.
 */
export type Timestamptz = ColumnType<Date, string, string>;

/**
 * A `bigint` (int8) column such as a log position: read as text from `pg` (the type parser in
 * `@pp/database` keeps it so) and as a number or bigint from PGlite; convert with `toBigInt`.
 * Written as a decimal string cast to `bigint`.
 */
export type Int8 = ColumnType<string | number | bigint, string, string>;

/**
 * A `numeric(38,0)` column of money in minor units: read and written as a decimal string, never a
 * floating-point number.
 */
export type MinorUnits = ColumnType<string, string, string>;

/** A `jsonb` column: read as the parsed value, written as its JSON text cast to `jsonb`. */
export type Jsonb<T> = ColumnType<T, string, string>;

/**
 * The process's database as the read side sees it: the same connection pool (or PGlite
 * connection), typed with the read-model tables. The one unchecked step from the untyped
 * {@link Database.db}: what `ReadDb` declares is what the projections' migrations create.
 */
export function readDb(database: Database): Kysely<ReadDb> {
  return database.db as Kysely<ReadDb>;
}
