import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { openFreshPglite } from '@pp/database/testing/pglite-test';
import { postgresTestUrl, testSchema } from '@pp/database/testing/postgres-test';
import { SqlEventStore } from '@pp/event-store';
import { CommandContext, CommandPipeline, Decider } from '@pp/platform';
import { verifyLog } from './verify-chain';

const url = postgresTestUrl();
if (!url) process.stdout.write('SKIPPED "Integrity chain verification (PostgreSQL)": DATABASE_URL is not set, no PostgreSQL to test against\n');

type Noted = { type: 'Noted'; data: { text: string } };
const notes: Decider<{ text: string }, { count: number }, Noted> = {
  initialState: { count: 0 },
  evolve: (s) => ({ count: s.count + 1 }),
  decide: (c) => [{ type: 'Noted', data: { text: c.text } }],
};
const context: CommandContext = { actor: { role: 'service', id: 'test' }, now: new Date('2026-11-23T03:00:00Z'), correlationId: 'c', causationId: 'c' };

describe.each([
  ['PGlite', true],
  ['PostgreSQL', url !== undefined],
] as const)('Integrity chain verification (%s)', (kind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  const schema = testSchema('chain');
  let database: Database;
  let store: SqlEventStore;

  beforeEach(async () => {
    database = kind === 'PGlite' ? await openFreshPglite() : await openDatabase({ kind: 'postgres', url: url!, schema });
    store = await SqlEventStore.open(database);
    const pipeline = new CommandPipeline(store);
    for (const stream of ['notes-a', 'notes-b']) {
      for (const text of ['one', 'two', 'three']) await pipeline.execute({ streamId: stream, decider: notes, command: { text }, commandName: 'Note', context, deciderContext: undefined });
    }
  });
  afterEach(async () => {
    await store.close();
    await database.close();
    if (kind === 'PostgreSQL') await dropSchema(url!, schema);
  });

  /** What a DBA with the table owner's rights could do behind the application's back. */
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await sql`alter table es_events disable trigger user`.execute(database.db);
    await statement.execute(database.db);
    await sql`alter table es_events enable trigger user`.execute(database.db);
  };

  it('verifies an untouched log', async () => {
    expect(await verifyLog(store)).toEqual({ events: 6, streams: 2, unchained: 0, firstBreak: null });
  });

  it('refuses to update or delete an event through SQL', async () => {
    await expect(sql`update es_events set data = '{}'::jsonb where stream_id = 'notes-a'`.execute(database.db)).rejects.toMatchObject({ code: 'PPE03' });
    await expect(sql`delete from es_events where stream_id = 'notes-a'`.execute(database.db)).rejects.toMatchObject({ code: 'PPE03' });
    await expect(sql`truncate es_events`.execute(database.db)).rejects.toMatchObject({ code: 'PPE03' });
  });

  it('finds an altered event', async () => {
    await tamper(sql`update es_events set data = '{"text":"forged"}'::jsonb where stream_id = 'notes-b' and revision = 1`);
    const report = await verifyLog(store);
    expect(report.firstBreak).toMatchObject({ streamId: 'notes-b', revision: '1', reason: expect.stringContaining('altered') });
  });

  it('finds an event deleted from the middle of a stream, at the event after it', async () => {
    await tamper(sql`delete from es_events where stream_id = 'notes-a' and revision = 1`);
    expect((await verifyLog(store)).firstBreak).toMatchObject({ streamId: 'notes-a', revision: '2', reason: expect.stringContaining('revision 1 is missing') });
  });

  it('finds the newest events of a stream deleted', async () => {
    await tamper(sql`delete from es_events where stream_id = 'notes-b' and revision = 2`);
    expect((await verifyLog(store)).firstBreak).toMatchObject({ streamId: 'notes-b', revision: '1', reason: expect.stringContaining('newest events were deleted') });
  });

  it('finds a stream whose hashes were stripped along with its content', async () => {
    await tamper(sql`update es_events set metadata = metadata - 'hash' - 'previousHash', data = '{"text":"forged"}'::jsonb where stream_id = 'notes-b'`);
    expect((await verifyLog(store)).firstBreak).toMatchObject({ streamId: 'notes-b', reason: expect.stringContaining('hash was removed') });
  });

  it('finds a forged hash that no longer names its predecessor', async () => {
    await tamper(sql`update es_events set metadata = jsonb_set(metadata, '{previousHash}', '"0000"') where stream_id = 'notes-a' and revision = 2`);
    expect((await verifyLog(store)).firstBreak).toMatchObject({ streamId: 'notes-a', revision: '2' });
  });
});
