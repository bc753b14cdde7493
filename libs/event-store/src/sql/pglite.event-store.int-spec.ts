import { Database, openDatabase, sql, toBigInt } from '@pp/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqlEventStore } from './sql.event-store';

const dir = mkdtempSync(join(tmpdir(), 'pp-es-'));
let database: Database;

describeEventStoreContract(
  'PGlite',
  {
    create: async () => {
      database = await openDatabase({ kind: 'pglite', dataDir: dir });
      return SqlEventStore.open(database);
    },
    dispose: async (store) => {
      await store.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  },
  { writers: 8, eventsPerWriter: 250 },
);

describe('PGlite int8', () => {
  it('reads a bigint above 2^53 exactly', async () => {
    const db = await openDatabase({ kind: 'pglite' });
    const { rows } = await sql<{ v: unknown }>`select 9007199254740993::bigint as v`.execute(db.db);
    expect(toBigInt(rows[0].v)).toBe(9007199254740993n);
    await db.close();
  });
});
