import { Database, openDatabase, sql } from '@pp/database';
import { openFreshPglite } from '@pp/database/testing/pglite-test';
import { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { IdempotencyStore } from './idempotency.store';

/**
 * A Kysely plugin that lets the next statement whose SQL mentions `marker` run (and, outside a
 * transaction, commit), then throws as if the connection had died before the answer came back.
 */
function loseNextAnswer() {
  const doomed = new WeakSet<object>();
  const control = { marker: undefined as string | undefined };
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (control.marker && JSON.stringify(args.node).includes(control.marker)) {
        control.marker = undefined;
        doomed.add(args.queryId);
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (doomed.has(args.queryId)) throw new Error('Connection terminated unexpectedly');
      return args.result;
    },
  };
  return { plugin, control };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IdempotencyStore when the database drops the answer of a write it made', () => {
  let database: Database;
  let store: IdempotencyStore;
  const { plugin, control } = loseNextAnswer();

  beforeAll(async () => {
    database = await openFreshPglite();
    // The same database, seen through a Kysely that can lose the answer of a statement.
    store = new IdempotencyStore({ ...database, db: database.db.withPlugin(plugin) });
    await store.migrate();
  });
  afterAll(async () => database.close());

  const row = async (key: string) => (await sql<{ status: number | null }>`select status from idempotency_keys where scope_key = ${key}`.execute(database.db)).rows[0];

  it('gives a claim whose insert committed unseen back, so that the retry runs', async () => {
    control.marker = 'idempotency_keys';
    const now = new Date('2026-11-23T03:00:00.000Z');
    await expect(store.claim('k-1', 'f', now)).rejects.toThrow('Connection terminated');
    // Written despite the error, then released in the background.
    for (let i = 0; i < 40 && (await row('k-1')); i++) await wait(25);
    expect(await row('k-1')).toBeUndefined();
    await expect(store.claim('k-1', 'f', new Date('2026-11-23T03:00:01.000Z'))).resolves.toMatchObject({ kind: 'claimed' });
  });

  it('releases only its own claim, never one taken since', async () => {
    const mine = await store.claim('k-2', 'f', new Date('2026-11-23T03:00:00.000Z'));
    expect(mine.kind).toBe('claimed');
    await store.release('k-2', '2026-11-23T02:59:59.000Z');
    expect(await row('k-2')).toEqual({ status: null });
    await store.release('k-2', (mine as { claimedAt: string }).claimedAt);
    expect(await row('k-2')).toBeUndefined();
  });
});
