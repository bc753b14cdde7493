import { RecordedEvent } from '@pp/event-store';
import { Kysely, Migration } from 'kysely';
import { ReadDb } from './read-db';

/**
 * A projection: builds read-model tables from the global log. `apply` runs inside the transaction
 * that also moves the projection's checkpoint (the projector's transaction for a page of the log,
 * shared with the other projections that have events in it), so rows and checkpoint never
 * disagree; it must be
 * deterministic (times come from the events, never from the clock). Its tables are declared in
 * {@link ReadDb}.
 */
export interface Projection {
  /** Stable name, also the checkpoint's key, e.g. `approval-queue`. */
  readonly name: string;
  /** Creates its tables (Kysely migrations, applied in name order). */
  readonly migrations: Record<string, Migration>;
  /** Event types it reads; the projector hands it no others (a page with none of them moves only the reader). */
  readonly eventTypes: readonly string[];
  /** The tables it owns: what a rebuild creates afresh and swaps in. */
  readonly tables: readonly string[];
  /**
   * Why it cannot be rebuilt, where it cannot: a table recording what was done (mails sent) is
   * not a view of the log.
   */
  readonly notRebuildable?: string;
  /**
   * Seeds what a migration cannot know because the log may live in another store (EventStoreDB):
   * run in one transaction after the migrations, by every process before it follows the log, with
   * the log's head position then (`headPosition`, 0n when empty). Must be idempotent. A projection
   * with this hook cannot be rebuilt: what it seeds depends on when it first started.
   */
  initialize?(trx: Kysely<ReadDb>, context: { readonly headPosition: bigint }): Promise<void>;
  /** Applies one event of {@link eventTypes} (upcast) to its tables, inside the batch's transaction. */
  apply(trx: Kysely<ReadDb>, event: RecordedEvent): Promise<void>;
}

/** DI token of the list of projections a process runs. */
export const PROJECTIONS = Symbol('Projections');
