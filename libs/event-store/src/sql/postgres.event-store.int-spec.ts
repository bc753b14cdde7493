import { Database, dropSchema, openDatabase, sql, toBigInt } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { SqlEventStore } from './sql.event-store';

describeWithPostgres('PostgreSQL event store', (url) => {
  const schema = testSchema('es');
  let database: Database;

  describeEventStoreContract(
    'PostgreSQL',
    {
      create: async () => {
        database = await openDatabase({ kind: 'postgres', url, schema, poolSize: 12 });
        return SqlEventStore.open(database);
      },
      dispose: async (store) => {
        await store.close();
        await database.close();
        await dropSchema(url, schema);
      },
    },
    { writers: 8, eventsPerWriter: 400 },
  );

  it('reads a bigint above 2^53 exactly', async () => {
    const db = await openDatabase({ kind: 'postgres', url });
    try {
      const { rows } = await sql<{ v: unknown }>`select 9007199254740993::bigint as v`.execute(db.db);
      expect(toBigInt(rows[0].v)).toBe(9007199254740993n);
    } finally {
      await db.close();
    }
  });
});
