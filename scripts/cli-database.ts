import { Database, openDatabase } from '@pp/database';
import { SqlEventStore } from '@pp/event-store';
import { join } from 'node:path';

/**
 * Opens the service's database for an operator command, configured like the service
 * (`EVENT_STORE`, `DATABASE_URL`, `DATA_DIR`). The embedded store is a folder one process may open at
 * a time (a lock file): the command refuses while the service or another command has it open.
 * @throws Error with the reason, for the command to print.
 */
export async function openServiceStore(): Promise<{ database: Database; store: SqlEventStore }> {
  const kind = process.env.EVENT_STORE ?? 'embedded';
  if (kind === 'postgres') {
    if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must be set when EVENT_STORE=postgres');
    const database = await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL });
    return { database, store: await SqlEventStore.open(database) };
  }
  if (kind !== 'embedded') throw new Error(`EVENT_STORE=${kind} is not supported by this command`);
  const database = await openDatabase({ kind: 'pglite', dataDir: join(process.env.DATA_DIR ?? './data', 'pglite') });
  return { database, store: await SqlEventStore.open(database) };
}
