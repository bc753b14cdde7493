import { Database, sql, toBigInt } from '@pp/database';
import { EventStore, hasSameDatabaseLog, JsonObject, RecordedEvent } from '@pp/event-store';
import { QueryExecutorProvider } from 'kysely';

/**
 * Pages of the global log holding only events of given types, for a rebuild (issue 16): on a log in
 * the same SQL database (PGlite, PostgreSQL) the filter runs in SQL, so events no projection being
 * rebuilt reads are neither shipped nor parsed; elsewhere (EventStoreDB) the port's `readAll` is
 * paged and filtered here.
 *
 * The SQL read is the event store's `readAll` (`es_events`, the visibility rule of
 * docs/event-store.md: only positions below the oldest running transaction's id × 65536) with a
 * `type = any(...)` condition. It lives here, not in the event-store library, only until the two are
 * merged (issue 16's store half owns `libs/event-store/src/sql`): it belongs there, as an option of
 * `SameDatabaseLog.readAllWith`.
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

interface EventRow {
  position: unknown;
  stream_id: string;
  revision: unknown;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recorded_at: Date | string;
}

/** {@link TypedLogPages} over `store` for `types`, read through `database` when the log is in it. */
export function typedLogPages(store: EventStore, database: Database, types: readonly string[]): TypedLogPages {
  const wanted = [...new Set(types)];
  if (hasSameDatabaseLog(store) && store.isIn(database)) {
    return {
      inSameDatabase: true,
      async read(after, maxCount, db = database.db) {
        const { rows } = await sql<EventRow>`
          select * from es_events
          where position > ${after.toString()}::bigint and type = any(${wanted}::text[])
            and position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 65536
          order by position asc limit ${maxCount}`.execute(db);
        const events = rows.map(toRecorded);
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

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: toBigInt(row.revision),
    position: toBigInt(row.position),
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
