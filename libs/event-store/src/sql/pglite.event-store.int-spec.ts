import { Database, openDatabase, sql, toBigInt } from '@pp/database';
import { freshPgliteFolder, openFreshPglite } from '@pp/database/testing/pglite-test';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { hasEventCounting, hasSameDatabaseLog, hasSnapshotReads } from '../types';
import { SqlEventStore } from './sql.event-store';

let dir: string;
let database: Database;

describeEventStoreContract(
  'PGlite',
  {
    create: async () => {
      dir = await freshPgliteFolder();
      database = await openDatabase({ kind: 'pglite', dataDir: dir });
      return SqlEventStore.open(database);
    },
    dispose: async (store) => {
      await store.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  },
  // PGlite serialises every statement on its one connection: the volume proves less than on PostgreSQL (400 per writer there).
  { writers: 8, eventsPerWriter: 100 },
);

describe('PGlite int8', () => {
  it('reads a bigint above 2^53 exactly', async () => {
    const db = await openFreshPglite();
    const { rows } = await sql<{ v: unknown }>`select 9007199254740993::bigint as v`.execute(db.db);
    expect(toBigInt(rows[0].v)).toBe(9007199254740993n);
    await db.close();
  });
});

describe('SQL store capabilities', () => {
  it('offers snapshot reads, a count and reads through its own database', async () => {
    const db = await openFreshPglite();
    const other = await openFreshPglite();
    const store = await SqlEventStore.open(db);
    await store.appendToStream('notes-a', [{ eventId: randomUUID(), type: 'Noted', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
    expect([hasSnapshotReads(store), hasEventCounting(store), hasSameDatabaseLog(store)]).toEqual([true, true, true]);
    expect([store.isIn(db), store.isIn(other)]).toEqual([true, false]);
    expect(await store.countEvents()).toBe(1n);
    expect((await db.db.transaction().execute((trx) => store.readAllWith(trx))).map((e) => e.streamId)).toEqual(['notes-a']);
    // Filtered by type in SQL, maxCount counting what is returned (a rebuild's pages).
    for (const type of ['Other', 'Noted', 'Other', 'Noted']) await store.appendToStream('notes-b', [{ eventId: randomUUID(), type, data: {}, metadata: {} }], { expectedRevision: 'any' });
    const noted = await store.readAllWith(db.db, { types: ['Noted'], maxCount: 2 });
    expect(noted.map((e) => [e.streamId, e.type, e.revision])).toEqual([
      ['notes-a', 'Noted', 0n],
      ['notes-b', 'Noted', 1n],
    ]);
    expect((await store.readAllWith(db.db, { types: ['Noted'], after: noted[1].position })).map((e) => e.revision)).toEqual([3n]);
    await store.close();
    await other.close();
    await db.close();
  });
});
