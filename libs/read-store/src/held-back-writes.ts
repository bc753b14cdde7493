import {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  QueryExecutorProvider,
  QueryResult,
} from 'kysely';
import * as pg from 'pg';
import { Database, sql } from '@pp/database';
import { ReadDb, readDb } from './read-db';

/** `pg`'s own conversion of a parameter to its text (exported by `pg`, not declared by its types). */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/**
 * Bounds on what is held back before it is sent: statements, and characters of SQL with the
 * parameters written in (the batch is one query text, which PostgreSQL parses whole before it runs
 * the first statement).
 */
export const HELD_BACK_MAX_STATEMENTS = 500;
export const HELD_BACK_MAX_CHARS = 1_000_000;

/** How held-back statements reach the database when they are sent. */
export type HeldBackSending =
  /** PostgreSQL: the whole batch as one query text (simple query protocol), one round trip. */
  | 'one-round-trip'
  /** PGlite (in process, no round trip to save): one statement after the other, with its parameters. */
  | 'one-by-one';

/**
 * `synchronous_commit = off` for a projection transaction (PostgreSQL): its commit does not wait for
 * the WAL to reach the disk. Safe because read models are derived: a crash can lose only the last
 * batches, rows and checkpoint together (one transaction), and they are projected again from the
 * log. Anything that acts on what a projection wrote (the mail sender marking a row `sending`)
 * commits synchronously, which flushes the WAL up to and including that projection's commit first.
 */
export async function relaxDurability(trx: QueryExecutorProvider, database: Database): Promise<void> {
  if (database.kind === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
}

/** How a database's held-back statements are sent: in one round trip on PostgreSQL, one by one on PGlite. */
export function heldBackSending(database: Pick<Database, 'kind'>): HeldBackSending {
  return database.kind === 'postgres' ? 'one-round-trip' : 'one-by-one';
}

/**
 * Runs `work` with a Kysely over the open transaction `trx` that holds back every `insert`, `update`
 * and `delete` without `returning` and sends them together: before the next statement that answers
 * with rows (a `select`, a `returning`, anything else), when the bounds above are reached, and at the
 * end of `work`. Statements still run in the order they were issued, in the same transaction, so
 * what a read sees is what it would have seen; only the round trips go (issue 16: a projection page
 * was 3-10 statements an event, one round trip each).
 *
 * What a caller gives up, and projections do not use: a held-back statement answers at once with no
 * rows and no `numAffectedRows`, and its error (a constraint, a type) is thrown by the statement that
 * sends the batch, or by this function at the end; the transaction is then aborted as it would have
 * been, so nothing of it commits. Nested transactions and savepoints are refused.
 *
 * For `one-round-trip`, parameters are written into the text as literals with `pg`'s own value
 * conversion (`utils.prepareValue`) and quoting (`escapeLiteral`), so a value means what it meant
 * as a parameter; a statement with a binary parameter (a Buffer, a typed array), which `pg` sends as
 * bytes, is not held and goes with its parameters. The batch starts with a comment
 * `/* pp:held-back n=<statements> *\/`, which the bench's statement counter reads and
 * `pg_stat_activity` shows. The literals assume the connection's `client_encoding` is UTF8, as
 * `pg` itself does when it reads answers.
 *
 * @param trx an open transaction of `pg` or PGlite; not to be used by anyone else until this returns.
 * @returns what `work` returns, once everything it issued has run.
 * @throws whatever a statement of the batch throws (a `pg` `DatabaseError`), with the statement count in its message.
 */
export async function withHeldBackWrites<T>(trx: Kysely<ReadDb>, sending: HeldBackSending, work: (db: Kysely<ReadDb>) => Promise<T>): Promise<T> {
  return trx.getExecutor().provideConnection(async (connection) => {
    const holding = new HoldingConnection({ executeQuery: (q) => connection.executeQuery(q) }, sending);
    const db = new Kysely<ReadDb>({ dialect: holdingDialect(holding) });
    try {
      const result = await work(db);
      await holding.send();
      return result;
    } finally {
      holding.close();
    }
  });
}

/**
 * A transaction of its own for `work`, with {@link withHeldBackWrites}'s held-back writes, in as few
 * round trips as the reads allow: on PostgreSQL (`Database.session`) the `begin` and `set local`
 * wait for the first statement and go with it, each read goes together with the writes held before
 * it (one query text, the read last, its rows answered), and the last writes go with the `commit`.
 * The projector's page is then two round trips: its locking read, and its writes with the commit
 * (issue 16). On PGlite, Kysely's transaction and {@link withHeldBackWrites} one by one.
 *
 * If `work` throws, or a statement does, the transaction is rolled back and nothing of it stays.
 * @param options.relaxed `synchronous_commit = off` for this transaction (see `relaxDurability`).
 * @returns what `work` returns, once committed.
 * @throws what `work` or a statement threw (a `pg` `DatabaseError`), after the rollback.
 */
export async function withHeldBackTransaction<T>(database: Database, options: { readonly relaxed?: boolean }, work: (db: Kysely<ReadDb>) => Promise<T>): Promise<T> {
  if (!database.session) {
    return readDb(database)
      .transaction()
      .execute(async (trx) => {
        if (options.relaxed) await relaxDurability(trx, database);
        return withHeldBackWrites(trx, heldBackSending(database), work);
      });
  }
  return database.session(async (client) => {
    const holding = new HoldingConnection(
      {
        executeQuery: async <R>(q: CompiledQuery): Promise<QueryResult<R>> => ({ rows: (await client.query(q.sql, [...q.parameters])).rows as R[] }),
        sendText: async (text) => {
          const answered = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
          return (Array.isArray(answered) ? answered[answered.length - 1] : answered)?.rows ?? [];
        },
      },
      'one-round-trip',
    );
    holding.begin(options.relaxed ? ['begin', 'set local synchronous_commit = off'] : ['begin']);
    try {
      const db = new Kysely<ReadDb>({ dialect: holdingDialect(holding) });
      const result = await work(db);
      await holding.commit();
      return result;
    } catch (error) {
      // Whatever is held back goes nowhere; a transaction begun (sent) is ended.
      // A rollback that fails too (the connection is gone) says nothing new: the session discards it.
      if (holding.begun) await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      holding.close();
    }
  });
}

/** Whether a statement's answer can be left unread: a write without `returning`. */
function holdable(text: string): boolean {
  return /^\s*(insert|update|delete)\b/i.test(text) && !/\breturning\b/i.test(text);
}

/** What the holding connection sends through: one statement with parameters, and, where it can, one query text of several statements answering the last one's rows. */
interface Underlying {
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>>;
  sendText?(text: string): Promise<unknown[]>;
}

class HoldingConnection implements DatabaseConnection {
  /** What waits: as text with its parameters written in (`one-round-trip`), or as the query (`one-by-one`). */
  private held: Array<string | CompiledQuery> = [];
  private chars = 0;
  private closed = false;
  /** `begin` and what goes with it, until the first statement sends them. */
  private opening: string[] = [];
  /** Whether a transaction was begun on the server (so a failure must roll it back). */
  begun = false;

  constructor(
    private readonly connection: Underlying,
    private readonly sending: HeldBackSending,
  ) {}

  begin(statements: string[]): void {
    this.opening = statements;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.closed) throw new Error('held-back writes: the Kysely given to work was used after work returned');
    // A binary value means something else written as text (pg sends a Buffer as bytes, whatever the
    // column): such a statement goes alone, with its parameters, after what is held before it.
    const binary = query.parameters.some((p) => p instanceof ArrayBuffer || ArrayBuffer.isView(p));
    if (holdable(query.sql) && !(binary && this.sending === 'one-round-trip')) {
      const held = this.sending === 'one-round-trip' ? inlineParameters(query.sql, query.parameters) : query;
      this.held.push(held);
      this.chars += typeof held === 'string' ? held.length : held.sql.length;
      if (this.held.length >= HELD_BACK_MAX_STATEMENTS || this.chars >= HELD_BACK_MAX_CHARS) await this.send();
      return { rows: [] };
    }
    if (this.connection.sendText && this.sending === 'one-round-trip' && !binary) {
      // The read goes last in the batch: what it sees is everything held before it.
      return { rows: (await this.sendBatch([...this.held.splice(0), inlineParameters(query.sql, query.parameters)])) as R[] };
    }
    await this.send();
    return this.connection.executeQuery<R>(query);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('held-back writes: streaming is not supported');
  }

  /** Sends what is held back (and the opening statements not sent yet); nothing when nothing is. */
  async send(): Promise<void> {
    if (this.held.length === 0 && this.opening.length === 0) return;
    const batch = this.held.splice(0);
    if (this.sending === 'one-by-one') {
      this.chars = 0;
      for (const query of batch) await this.connection.executeQuery(typeof query === 'string' ? CompiledQuery.raw(query) : query);
      return;
    }
    await this.sendBatch(batch);
  }

  /** Sends what is held back and then `commit`, in one query text. */
  async commit(): Promise<void> {
    if (!this.begun && this.held.length === 0) {
      // Nothing was issued: no transaction to begin or end.
      this.opening = [];
      return;
    }
    await this.sendBatch([...this.held.splice(0), 'commit']);
    this.begun = false;
  }

  /**
   * One query text: the opening statements if not sent yet, then `batch`. Answers the last
   * statement's rows where the connection can tell them.
   */
  private async sendBatch(batch: Array<string | CompiledQuery>): Promise<unknown[]> {
    this.chars = 0;
    const opening = this.opening.splice(0);
    if (opening.length) this.begun = true;
    const statements = [...opening, ...batch.map((q) => (typeof q === 'string' ? q : inlineParameters(q.sql, q.parameters)))];
    if (statements.length === 0) return [];
    // Each on a line of its own: a statement ending in a `--` comment must not swallow the `;`.
    const text = `/* pp:held-back n=${statements.length} */\n${statements.join('\n;\n')}`;
    try {
      if (this.connection.sendText) return await this.connection.sendText(text);
      await this.connection.executeQuery(CompiledQuery.raw(text));
      return [];
    } catch (error) {
      if (error instanceof Error && statements.length > 1) error.message = `${error.message} (in one query text of ${statements.length} statements, held back and sent together)`;
      throw error;
    }
  }

  close(): void {
    this.closed = true;
  }
}

function holdingDialect(connection: HoldingConnection): Dialect {
  const refuse = async (): Promise<never> => {
    throw new Error('held-back writes: no transaction or savepoint inside the one already open');
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    savepoint: refuse,
    rollbackToSavepoint: refuse,
    releaseSavepoint: refuse,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

/**
 * A parameter as an SQL literal: `NULL`, or `pg`'s text for it (what the parameter would have been
 * sent as) quoted by `escapeLiteral`. An untyped literal is resolved from its context the way an
 * untyped parameter is.
 */
function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  // pg sends these as bytes, which no literal says for every column type: the caller keeps them out.
  if (Buffer.isBuffer(prepared)) throw new Error('inlineParameters: a binary value (Buffer, typed array) cannot be written as a literal');
  return pg.escapeLiteral(String(prepared));
}

const TOKEN = /'|"|--|\/\*|\$(\d+)|\$([A-Za-z_][A-Za-z0-9_]*)?\$/g;

/**
 * Writes `parameters` into `text` in place of `$1`, `$2`, …, skipping string literals (`'…'`,
 * `E'…'`), quoted identifiers, comments and dollar-quoted strings, where `$1` is just text.
 * @throws Error on a placeholder with no parameter, or an unterminated literal or comment.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  const { pieces, slots } = placeholdersOf(text);
  let out = pieces[0];
  for (let i = 0; i < slots.length; i++) {
    const index = slots[i];
    if (index < 0 || index >= parameters.length) throw new Error(`inlineParameters: $${index + 1} has no parameter (${parameters.length} given)`);
    out += literal(parameters[index]) + pieces[i + 1];
  }
  return out;
}

/**
 * A statement's text cut at its placeholders: `pieces[0]`, then the parameter `slots[0]` (0-based),
 * `pieces[1]`, and so on. Kept per text, since a projection sends the same few texts over and over
 * (scanning each again was a fifth of a rebuild's CPU); at most {@link PLACEHOLDER_CACHE} of them.
 */
const placeholders = new Map<string, { pieces: string[]; slots: number[] }>();
const PLACEHOLDER_CACHE = 2_000;

function placeholdersOf(text: string): { pieces: string[]; slots: number[] } {
  const known = placeholders.get(text);
  if (known) return known;
  const pieces: string[] = [];
  const slots: number[] = [];
  let from = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const at = match.index;
    const token = match[0];
    // `$` inside an identifier (`a$1`) is part of it, not a placeholder or a quote.
    if (token[0] === '$' && at > 0 && /[A-Za-z0-9_$]/.test(text[at - 1])) continue;
    let end: number;
    if (match[1] !== undefined) {
      pieces.push(text.slice(from, at));
      slots.push(Number(match[1]) - 1);
      from = at + token.length;
      TOKEN.lastIndex = from;
      continue;
    }
    if (token === "'") end = endOfQuoted(text, at, "'", at > 0 && /[eE]/.test(text[at - 1]) && (at < 2 || !/[A-Za-z0-9_$]/.test(text[at - 2])));
    else if (token === '"') end = endOfQuoted(text, at, '"', false);
    else if (token === '--') end = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at) + 1;
    else if (token === '/*') end = endOfComment(text, at);
    else {
      const close = text.indexOf(token, at + token.length);
      if (close === -1) throw new Error('inlineParameters: unterminated dollar-quoted string');
      end = close + token.length;
    }
    TOKEN.lastIndex = end;
  }
  pieces.push(text.slice(from));
  const cut = { pieces, slots };
  if (placeholders.size >= PLACEHOLDER_CACHE) placeholders.clear();
  placeholders.set(text, cut);
  return cut;
}

/** The index after the quote that closes the one at `at` (a doubled quote is one inside it). */
function endOfQuoted(text: string, at: number, quote: string, backslashes: boolean): number {
  for (let i = at + 1; i < text.length; i++) {
    if (backslashes && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  throw new Error('inlineParameters: unterminated quoted string or identifier');
}

/** The index after the `*\/` that closes the comment at `at` (PostgreSQL's comments nest). */
function endOfComment(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('inlineParameters: unterminated comment');
}
