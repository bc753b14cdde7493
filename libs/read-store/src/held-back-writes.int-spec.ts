import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { openFreshPglite } from '@pp/database/testing/pglite-test';
import { postgresTestUrl, testSchema } from '@pp/database/testing/postgres-test';
import { Kysely } from 'kysely';
import * as pg from 'pg';
import { HELD_BACK_MAX_STATEMENTS, heldBackSending, withHeldBackTransaction, withHeldBackWrites } from './held-back-writes';
import { ReadDb, readDb } from './read-db';

const url = postgresTestUrl();
if (!url) process.stdout.write('SKIPPED "withHeldBackWrites (PostgreSQL)": DATABASE_URL is not set, no PostgreSQL to test against\n');

/** Every query text `pg` sends from now on (PostgreSQL only: PGlite has no `pg` client). */
function recordQueries(): { texts: string[]; stop(): void } {
  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string') texts.push(args[0]);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { texts, stop: () => void (pg.Client.prototype.query = original) };
}

describe.each([
  ['PGlite', true],
  ['PostgreSQL', url !== undefined],
] as const)('withHeldBackWrites (%s)', (kind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  const schema = testSchema('held');
  let database: Database;
  let db: Kysely<ReadDb>;

  beforeAll(async () => {
    database = kind === 'PGlite' ? await openFreshPglite() : await openDatabase({ kind: 'postgres', url: url!, schema });
    db = readDb(database);
    await sql`create table held (id integer primary key, note text, amount numeric(38,0), at timestamptz, tags text[], doc jsonb, flag boolean)`.execute(db);
  });
  afterAll(async () => {
    await database.close();
    if (kind === 'PostgreSQL') await dropSchema(url!, schema);
  });
  beforeEach(async () => void (await sql`delete from held`.execute(db)));

  const rows = async () => (await sql<{ id: number; note: string | null }>`select id, note from held order by id`.execute(db)).rows;
  const inTransaction = <T>(work: (held: Kysely<ReadDb>) => Promise<T>) =>
    db.transaction().execute((trx) => withHeldBackWrites(trx, heldBackSending(database), work));

  it('runs the statements in the order issued, and a read in between sees the writes before it', async () => {
    const seen = await inTransaction(async (held) => {
      await sql`insert into held (id, note) values (${1}, ${'first'})`.execute(held);
      await sql`update held set note = note || ${' then second'} where id = ${1}`.execute(held);
      const { rows: read } = await sql<{ note: string }>`select note from held where id = ${1}`.execute(held);
      await sql`insert into held (id, note) values (${2}, ${read[0].note})`.execute(held);
      await sql`delete from held where id = ${1}`.execute(held);
      return read[0].note;
    });
    expect(seen).toBe('first then second');
    expect(await rows()).toEqual([{ id: 2, note: 'first then second' }]);
  });

  it('stores every kind of value as the same statement with parameters would', async () => {
    const values = [`it's "quoted" \\ $1 -- not a comment`, '123456789012345678901234567890', new Date('2026-12-07T10:00:00.000Z'), ['a', 'b"c', "d'e", null], JSON.stringify({ vi: 'Tiếng Việt', zh: '中文', n: [1, 2] }), false] as const;
    const insert = (id: number) =>
      sql`insert into held (id, note, amount, at, tags, doc, flag) values (${id}, ${values[0]}, ${values[1]}::numeric, ${values[2]}, ${values[3]}::text[], ${values[4]}::jsonb, ${values[5]})`;
    await insert(1).execute(db);
    await inTransaction(async (held) => void (await insert(2).execute(held)));
    const { rows: both } = await sql<Record<string, unknown>>`select note, amount::text as amount, at, tags, doc, flag from held order by id`.execute(db);
    expect(both).toHaveLength(2);
    expect(both[1]).toEqual(both[0]);
    expect(both[1].note).toBe(values[0]);
    expect(both[1].amount).toBe(values[1]);
  });

  it('keeps a statement ending in a line comment apart from the next', async () => {
    await inTransaction(async (held) => {
      await sql`insert into held (id, note) values (${1}, ${'a'}) -- why`.execute(held);
      await sql`update held set note = ${'b'} where id = ${1} -- and this`.execute(held);
      await sql`select 1 -- a read`.execute(held);
      await sql`insert into held (id) values (${2}) -- last`.execute(held);
    });
    expect(await rows()).toEqual([{ id: 1, note: 'b' }, { id: 2, note: null }]);
  });

  it('stores a binary parameter as the same statement with parameters would (it is not written as a literal)', async () => {
    await sql`create table if not exists held_bin (id integer primary key, note text, bin bytea)`.execute(db);
    const bytes = Buffer.from('hi');
    // Into text as well on PostgreSQL, where a literal would have stored '\x6869' (PGlite takes no bytes for text).
    const insert = (id: number) => (kind === 'PostgreSQL' ? sql`insert into held_bin values (${id}, ${bytes}, ${bytes})` : sql`insert into held_bin (id, bin) values (${id}, ${bytes})`);
    await insert(1).execute(db);
    await inTransaction(async (held) => {
      await sql`insert into held (id) values (${1})`.execute(held);
      await insert(2).execute(held);
      await sql`insert into held (id) values (${2})`.execute(held);
    });
    const { rows: both } = await sql<{ note: string; bin: Buffer }>`select note, bin from held_bin order by id`.execute(db);
    expect(both[1]).toEqual(both[0]);
    expect((await rows()).map((r) => r.id)).toEqual([1, 2]);
  });

  it('answers a statement with returning (not held back) with its rows', async () => {
    const returned = await inTransaction(async (held) => {
      await sql`insert into held (id) values (${1})`.execute(held);
      return (await sql<{ id: number }>`insert into held (id) values (${2}) returning id`.execute(held)).rows;
    });
    expect(returned).toEqual([{ id: 2 }]);
    expect((await rows()).map((r) => r.id)).toEqual([1, 2]);
  });

  it('fails the whole transaction when a held-back statement fails, and nothing of it commits', async () => {
    await sql`insert into held (id, note) values (1, 'before')`.execute(db);
    await expect(
      inTransaction(async (held) => {
        await sql`update held set note = 'changed' where id = ${1}`.execute(held);
        await sql`insert into held (id) values (${1})`.execute(held); // a duplicate key, thrown when sent
        await sql`insert into held (id) values (${3})`.execute(held);
      }),
    ).rejects.toThrow(/duplicate key|unique/);
    expect(await rows()).toEqual([{ id: 1, note: 'before' }]);
  });

  it('refuses a transaction inside the one open', async () => {
    await expect(inTransaction((held) => held.transaction().execute(async () => undefined))).rejects.toThrow('no transaction or savepoint');
  });

  describe('withHeldBackTransaction', () => {
    it('commits what work wrote, a read in between seeing the writes before it', async () => {
      const seen = await withHeldBackTransaction(database, { relaxed: true }, async (held) => {
        await sql`insert into held (id, note) values (${1}, ${'one'})`.execute(held);
        const { rows: read } = await sql<{ n: number; sync: string }>`select count(*)::int as n, current_setting('synchronous_commit') as sync from held`.execute(held);
        await sql`insert into held (id, note) values (${2}, ${'two'})`.execute(held);
        return read[0];
      });
      expect(seen).toEqual({ n: 1, sync: kind === 'PostgreSQL' ? 'off' : expect.any(String) });
      expect(await rows()).toEqual([{ id: 1, note: 'one' }, { id: 2, note: 'two' }]);
      // Only inside: the connection goes back to the pool as it was.
      if (kind === 'PostgreSQL') expect((await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(db)).rows[0].s).toBe('on');
    });

    it('rolls back when work throws, or when the last batch fails, and nothing of it stays', async () => {
      await expect(
        withHeldBackTransaction(database, {}, async (held) => {
          await sql`insert into held (id) values (${1})`.execute(held);
          await sql`select 1`.execute(held);
          throw new Error('cannot project this');
        }),
      ).rejects.toThrow('cannot project this');
      await expect(
        withHeldBackTransaction(database, {}, async (held) => {
          await sql`insert into held (id) values (${2})`.execute(held);
          await sql`insert into held (id) values (${2})`.execute(held);
        }),
      ).rejects.toThrow(/duplicate key|unique/);
      expect(await rows()).toEqual([]);
      // The pool's connections still work (none was left in a transaction).
      for (let i = 0; i < 12; i++) await withHeldBackTransaction(database, {}, async (held) => void (await sql`insert into held (id) values (${10 + i})`.execute(held)));
      expect((await rows()).length).toBe(12);
    });
  });

  if (kind === 'PostgreSQL') {
    it('makes a page two round trips: the begin with the locking read, the writes with the commit', async () => {
      await sql`insert into held (id, note) values (0, 'checkpoint')`.execute(db);
      const recorded = recordQueries();
      try {
        await withHeldBackTransaction(database, { relaxed: true }, async (held) => {
          await sql`select id from held where id = ${0} for update`.execute(held);
          for (let id = 1; id <= 20; id++) await sql`insert into held (id) values (${id})`.execute(held);
          await sql`update held set note = ${'moved'} where id = ${0}`.execute(held);
        });
      } finally {
        recorded.stop();
      }
      expect(recorded.texts).toHaveLength(2);
      expect(recorded.texts[0]).toBe("/* pp:held-back n=3 */\nbegin\n;\nset local synchronous_commit = off\n;\nselect id from held where id = '0' for update");
      expect(recorded.texts[1]).toMatch(/^\/\* pp:held-back n=22 \*\/\ninsert .*\n;\ncommit$/s);
      expect((await rows()).length).toBe(21);
    });

    it('counts the values written in against the 1 MB bound', async () => {
      const recorded = recordQueries();
      try {
        await inTransaction(async (held) => {
          for (let id = 1; id <= 5; id++) await sql`insert into held (id, note) values (${id}, ${'x'.repeat(300_000)})`.execute(held);
        });
      } finally {
        recorded.stop();
      }
      // 300 kB each: the fourth passes 1 MB and sends the four; the fifth goes at the end.
      expect(recorded.texts.filter((t) => t.startsWith('/* pp:held-back')).map((t) => /n=(\d+)/.exec(t)![1])).toEqual(['4', '1']);
      expect((await rows()).length).toBe(5);
    });

    it('sends what is held back in one round trip per read, and splits a long batch', async () => {
      const recorded = recordQueries();
      try {
        await inTransaction(async (held) => {
          for (let id = 1; id <= 5; id++) await sql`insert into held (id) values (${id})`.execute(held);
          await sql`select count(*) from held`.execute(held);
          for (let id = 6; id <= 5 + HELD_BACK_MAX_STATEMENTS + 1; id++) await sql`insert into held (id) values (${id})`.execute(held);
        });
      } finally {
        recorded.stop();
      }
      const batches = recorded.texts.filter((t) => t.startsWith('/* pp:held-back'));
      expect(batches.map((t) => /n=(\d+)/.exec(t)![1])).toEqual(['5', String(HELD_BACK_MAX_STATEMENTS), '1']);
      // begin, the 5, the count, the full batch, the last one, commit.
      expect(recorded.texts).toHaveLength(6);
      expect((await rows()).length).toBe(5 + HELD_BACK_MAX_STATEMENTS + 1);
    });
  }
});
