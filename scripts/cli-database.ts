import { Database, openDatabase } from '@pp/database';
import { SqlEventStore } from '@pp/event-store';
import { join } from 'node:path';

/**
 * Opens the service's database for an operator command, configured like the service
 * (`EVENT_STORE`, `DATABASE_URL`, `DATA_DIR`). The embedded store is a folder one process may open at
 * a time: the command refuses while a service answers on `PORT`.
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
  const port = process.env.PORT ?? '3000';
  const running = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (running) throw new Error(`a service answers on port ${port}: stop it first, the embedded store (DATA_DIR) is opened by one process at a time`);
  const database = await openDatabase({ kind: 'pglite', dataDir: join(process.env.DATA_DIR ?? './data', 'pglite') });
  return { database, store: await SqlEventStore.open(database) };
}
