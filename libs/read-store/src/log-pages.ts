import { Database } from '@pp/database';
import { EventStore, hasSameDatabaseLog, RecordedEvent } from '@pp/event-store';
import { QueryExecutorProvider } from 'kysely';

/**
 * Pages of the global log holding only events of given types, for a rebuild (issue 16): on a log in
 * the same SQL database (PGlite, PostgreSQL) the filter runs in SQL, so events no projection being
 * rebuilt reads are neither shipped nor parsed; elsewhere (EventStoreDB) the port's `readAll` is
 * paged and filtered here.
 * The SQL read is the store's own (`SameDatabaseLog.readAllWith` with `types`), so the visibility
 * rule of docs/event-store.md is applied in one place.
 */
export interface TypedLogPages {
  /**
   * The next page after the exclusive position `after`: up to `maxCount` events of `types`, in
   * position order, and the position the read covered (`through`: every event of those types up to
   * it is in this page or an earlier one). `done` when the visible log holds nothing further.
   * @param db a connection or transaction of the log's database, where the log is in it.
   */
  read(after: bigint, maxCount: number, db?: QueryExecutorProvider): Promise<{ events: RecordedEvent[]; through: bigint; done: boolean }>;
  /** True when `read` may be given a transaction of the rebuild's database (the log is in it). */
  readonly inSameDatabase: boolean;
}

/** {@link TypedLogPages} over `store` for `types`, read through `database` when the log is in it. */
export function typedLogPages(store: EventStore, database: Database, types: readonly string[]): TypedLogPages {
  const wanted = [...new Set(types)];
  if (hasSameDatabaseLog(store) && store.isIn(database)) {
    return {
      inSameDatabase: true,
      async read(after, maxCount, db = database.db) {
        const events = await store.readAllWith(db, { after, maxCount, types: wanted });
        return { events, through: events.length ? events[events.length - 1].position : after, done: events.length < maxCount };
      },
    };
  }
  const set = new Set(wanted);
  return {
    inSameDatabase: false,
    async read(after, maxCount) {
      const page = await store.readAll({ after, maxCount });
      return { events: page.filter((e) => set.has(e.type)), through: page.length ? page[page.length - 1].position : after, done: page.length < maxCount };
    },
  };
}
