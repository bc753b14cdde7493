import { Database, openDatabase } from '@pp/database';
import { EsdbEventStore, EventStore, SqlEventStore } from '@pp/event-store';
import { join } from 'node:path';
import { assertDataDirWritable } from '../apps/api/src/data-dir';

/**
 * Opens the service's database and log for an operator command, configured like the service
 * (`EVENT_STORE`, `DATABASE_URL`, `DATA_DIR`, `EVENTSTORE_CONNECTION_STRING`). The embedded store is
 * a folder one process may open at a time (a lock file): the command refuses while the service or
 * another command has it open.
 * @throws Error with the reason, for the command to print (`DATA_DIR=... is not writable: ...` first).
 */
export async function openServiceStore(): Promise<{ database: Database; store: EventStore }> {
  const kind = process.env.EVENT_STORE ?? 'embedded';
  if (kind === 'postgres' || kind === 'eventstoredb') {
    if (!process.env.DATABASE_URL) throw new Error(`DATABASE_URL must be set when EVENT_STORE=${kind}`);
    if (kind === 'eventstoredb' && !process.env.EVENTSTORE_CONNECTION_STRING) throw new Error('EVENTSTORE_CONNECTION_STRING must be set when EVENT_STORE=eventstoredb');
    const database = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL, schema: process.env.DATABASE_SCHEMA || undefined });
    return { database, store: kind === 'eventstoredb' ? EsdbEventStore.connect(process.env.EVENTSTORE_CONNECTION_STRING!) : await SqlEventStore.open(database) };
  }
  if (kind !== 'embedded') throw new Error(`EVENT_STORE=${kind} is not supported (embedded, postgres or eventstoredb)`);
  const dataDir = process.env.DATA_DIR || './data';
  assertDataDirWritable(dataDir);
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  return { database, store: await SqlEventStore.open(database) };
}
