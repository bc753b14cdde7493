import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migration, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool, PoolClient, types } from 'pg';

/** Where the data lives: the embedded PGlite store (a folder, or memory) or a PostgreSQL server. */
export type DatabaseConfig =
  | {
      readonly kind: 'pglite';
      /** The data folder; none: in memory. */
      readonly dataDir?: string;
      /**
       * In memory, a dump (`PGlite.dumpDataDir`) to start from instead of a new cluster: skips
       * initdb, about three times faster to open (tests open hundreds, see `openFreshPglite`).
       */
      readonly from?: Blob;
    }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema?: string;
      readonly poolSize?: number;
      /** How long opening a connection (or waiting for a free one of the pool) may take, ms; default {@link CONNECT_TIMEOUT_MS}. */
      readonly connectTimeoutMs?: number;
      /** How often the waiting connections (leadership, LISTEN) are pinged, ms; default 30,000 (tests shorten it). */
      readonly livenessPingMs?: number;
    };

/**
 * How long a PostgreSQL connection may take to open, and a query to wait for a free connection of
 * the pool, in milliseconds (`pg`'s `connectionTimeoutMillis`; its default, 0, waits for ever): 10 s.
 * A server on an unreachable host (packets dropped, not refused) otherwise holds each query for the
 * kernel's TCP retries, about two minutes, and the pool fills with them. Long enough that a busy
 * pool's queue (10 connections, group commit) does not trip it; the readiness checks have their own,
 * shorter bound (apps/api/src/health.ts, CHECK_TIMEOUT_MS).
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One SQL database shared by the event store and the read models of a process: PGlite (embedded,
 * one connection, queries serialised by the Kysely dialect) or PostgreSQL (a `pg` pool).
 */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Kysely<unknown>;
  /**
   * Tries to become the one active holder of `name` (a projection, a reactor) among every process
   * on this database: a PostgreSQL session-level advisory lock on a connection of its own, held until
   * released or until the connection dies (the process crashed), when another process may take it.
   * The embedded store has one process, which always gets it. Null when another holder has it.
   */
  tryLead(name: string): Promise<Lease | null>;
  /**
   * PostgreSQL only (absent on PGlite, whose one process wakes its own listeners in memory): LISTEN
   * on `channel` on a connection of its own, kept open (reconnecting with backoff, 250 ms doubling
   * to 5 s). `onNotify` gets each payload; `onListening` is called each time the LISTEN is in place,
   * first and after every reconnect, since notifications sent while it was down are lost.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Listener>;
  /**
   * PostgreSQL only: `pg_notify(channel, payload)` on a connection of its own whose commits do not
   * wait for the WAL flush (`synchronous_commit = off`: a notification is not data; losing one
   * in a crash costs a listener one fallback poll), so a notification costs no durable commit and
   * takes no connection from the pool. Errors reject (the connection is replaced on the next call).
   */
  notify?(channel: string, payload: string): Promise<void>;
  /**
   * PostgreSQL only: runs `work` on one connection of the pool, held for it alone, for what Kysely
   * cannot send: several statements in one query text, each answering its rows (the projector's
   * page, two round trips, `withHeldBackTransaction` in @pp/read-store). `work` must leave no
   * transaction open; a connection `work` failed on is discarded rather than reused.
   */
  session?<T>(work: (client: SessionClient) => Promise<T>): Promise<T>;
  /** Applies the given migrations in name order, recording them in `tableName`. */
  migrate(migrations: Record<string, Migration>, tableName: string): Promise<void>;
  close(): Promise<void>;
}

// node-postgres returns int8 as text by default; keep it text and convert with BigInt where read.
types.setTypeParser(types.builtins.INT8, (v) => v);

/** What {@link Database.session} lends: `pg`'s own query of one pooled connection. */
export type SessionClient = Pick<PoolClient, 'query'>;

/** A held leadership: `lost` settles if the lock's connection dies; `release` gives it up. */
export interface Lease {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** What {@link Database.listen} calls. */
export interface ListenHandlers {
  onNotify(payload: string): void;
  onListening(): void;
}

/** A running {@link Database.listen}. */
export interface Listener {
  /** Unlistens and closes the connection. */
  close(): Promise<void>;
}

/** Opens (and for PGlite creates) the database. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite' ? openPglite(config.dataDir, config.from) : openPostgres(config);
}

/**
 * One process at a time may open an embedded data folder: PGlite does not stop a second one, and two
 * processes on one folder lose each other's writes. The lock file holds the owner's pid; a lock
 * whose process is gone is taken over.
 * @throws Error naming the process that holds the folder.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      let alive = false;
      try {
        process.kill(owner, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`the data folder ${dataDir} is open in process ${owner}: stop it first (one process per embedded store)`);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}

async function openPglite(dataDir?: string, from?: Blob): Promise<Database> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const pglite = dataDir ? await PGlite.create(dataDir) : await PGlite.create(from ? { loadDataDir: from } : {});
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    migrate: (migrations, tableName) => runMigrations(db, migrations, tableName, 'public'),
    async tryLead() {
      return { lost: new Promise<void>(() => undefined), release: async () => undefined };
    },
    async close() {
      await db.destroy();
      unlock();
    },
  };
}

async function openPostgres(config: { url: string; schema?: string; poolSize?: number; connectTimeoutMs?: number; livenessPingMs?: number }): Promise<Database> {
  const pingMs = config.livenessPingMs ?? LIVENESS_PING_MS;
  const options = config.schema ? `-c search_path=${config.schema}` : undefined;
  const connectionTimeoutMillis = config.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new Pool({ connectionString: config.url, max: config.poolSize ?? 10, options, connectionTimeoutMillis });
  // A client that loses its connection (server restart) must not crash the process: the pool
  // reports idle ones here; one checked out between two queries of a transaction reports on itself
  // (unhandled, that 'error' event killed the api in the restart fault test). Its next query fails,
  // and the pool discards it when it comes back.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => void client.on('error', () => undefined));
  if (config.schema) await pool.query(`create schema if not exists "${config.schema}"`);
  let notifier: Promise<Client> | undefined;
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async tryLead(name) {
      const client = new Client({ connectionString: config.url, options, connectionTimeoutMillis, ...KEEPALIVE });
      let settle: () => void = () => undefined;
      let stopWatching: () => void = () => undefined;
      const lost = new Promise<void>((resolve) => (settle = resolve)).then(() => {
        stopWatching();
        // A lock held by a connection that no longer answers is as good as lost: the server frees it
        // when it notices, and a standby may lead by then.
        void client.end().catch(() => undefined);
      });
      client.on('error', () => settle());
      client.on('end', () => settle());
      await client.connect();
      // Per schema: advisory locks are database-wide, and two deployments (or two test files) in
      // schemas of one database must not take each other's leadership. Unchanged without a schema.
      const key = config.schema ? `${config.schema}.${name}` : name;
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
      if (!rows[0].ok) {
        await client.end().catch(() => undefined);
        return null;
      }
      stopWatching = watchLiveness(client, () => settle(), pingMs);
      return {
        lost,
        release: () => {
          stopWatching();
          return client.end().catch(() => undefined);
        },
      };
    },
    async session(work) {
      const client = await pool.connect();
      try {
        const result = await work(client);
        client.release();
        return result;
      } catch (error) {
        client.release(true);
        throw error;
      }
    },
    listen: (channel, handlers) => listenOn(config.url, options, connectionTimeoutMillis, channel, handlers, pingMs),
    notify: async (channel, payload) => {
      if (!notifier) {
        // query_timeout: a notification stuck on a dead connection would hold every later one back.
        const client = new Client({ connectionString: config.url, options: `${options ?? ''} -c synchronous_commit=off`.trim(), application_name: 'pp-notify', query_timeout: LIVENESS_TIMEOUT_MS, connectionTimeoutMillis, ...KEEPALIVE });
        const connecting: Promise<Client> = client.connect().then(() => client);
        const drop = () => {
          if (notifier === connecting) notifier = undefined;
          client.end().catch(() => undefined);
        };
        client.on('error', drop);
        client.on('end', drop);
        connecting.catch(drop);
        notifier = connecting;
      }
      const pending = notifier;
      try {
        await (await pending).query('select pg_notify($1, $2)', [channel, payload]);
      } catch (error) {
        if (notifier === pending) notifier = undefined;
        // A timed-out or failed connection is not reused: the next notification opens a new one.
        void pending.then((c) => c.end()).catch(() => undefined);
        throw error;
      }
    },
    // The migration tables are schema-qualified: Kysely looks them up by name across schemas.
    migrate: (migrations, tableName) => runMigrations(db, migrations, tableName, config.schema ?? 'public'),
    async close() {
      const pending = notifier;
      notifier = undefined;
      await pending?.then((c) => c.end()).catch(() => undefined);
      await db.destroy();
    },
  };
}

/**
 * How a long-lived connection that only waits (the leadership lock, LISTEN, NOTIFY) notices a peer
 * gone silently (a NAT or firewall dropping an idle connection, a partition): TCP keepalive from
 * 10 s idle, and a `select 1` every {@link LIVENESS_PING_MS} that must answer within
 * {@link LIVENESS_TIMEOUT_MS}, else the connection counts as lost. Without them such a connection
 * looks alive for hours (Linux's keepalive starts after 2 h), and the process goes on leading, or
 * waiting for notifications, that no longer reach it.
 */
const LIVENESS_PING_MS = 30_000;
const LIVENESS_TIMEOUT_MS = 5_000;
const KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/** Pings `client` every `everyMs` (default {@link LIVENESS_PING_MS}); calls `lost` once when a ping fails or times out. Returns the stop. */
function watchLiveness(client: Client, lost: () => void, everyMs: number): () => void {
  const timer = setInterval(() => {
    let answered = false;
    const timeout = setTimeout(() => answered || lost(), Math.min(LIVENESS_TIMEOUT_MS, everyMs));
    timeout.unref();
    client.query('select 1').then(
      () => {
        answered = true;
        clearTimeout(timeout);
      },
      () => {
        clearTimeout(timeout);
        lost();
      },
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** {@link Database.listen} on PostgreSQL: one `pg` client, replaced when it dies. */
async function listenOn(url: string, options: string | undefined, connectionTimeoutMillis: number, channel: string, handlers: ListenHandlers, pingMs: number): Promise<Listener> {
  let closed = false;
  let client: Client | undefined;
  let backoff = 250;
  const connect = async (): Promise<void> => {
    {
      if (closed) return;
      const next = new Client({ connectionString: url, options, application_name: 'pp-listen', connectionTimeoutMillis, ...KEEPALIVE });
      let lost = false;
      let stopWatching: () => void = () => undefined;
      const onLost = () => {
        if (lost) return;
        lost = true;
        stopWatching();
        if (client === next) client = undefined;
        next.end().catch(() => undefined);
        if (!closed) setTimeout(() => void connect(), backoff).unref();
        backoff = Math.min(5_000, backoff * 2);
      };
      next.on('error', onLost);
      next.on('end', onLost);
      next.on('notification', (message) => {
        if (message.channel === channel) handlers.onNotify(message.payload ?? '');
      });
      try {
        await next.connect();
        await next.query(`listen "${channel.replace(/"/g, '""')}"`);
      } catch {
        onLost();
        return;
      }
      if (closed) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      backoff = 250;
      // A LISTEN connection only receives: without a ping, a silently dropped one is never noticed.
      stopWatching = watchLiveness(next, onLost, pingMs);
      handlers.onListening();
      return;
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}

async function runMigrations(db: Kysely<unknown>, migrations: Record<string, Migration>, tableName: string, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db, migrations, tableName, schema);
    } catch (error) {
      // Kysely's migrator introspects every schema of the database to find its own table; a schema
      // another process drops at that moment (a rebuild's scratch schema) fails that look-up once.
      if (attempt >= 5 || !/schema "[^"]+" does not exist/.test(String((error as Error).message))) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

async function migrateOnce(db: Kysely<unknown>, migrations: Record<string, Migration>, tableName: string, schema: string): Promise<void> {
  const migrator = new Migrator({
    db,
    migrationTableSchema: schema,
    migrationTableName: tableName,
    migrationLockTableName: `${tableName}_lock`,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} into ${tableName} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Converts an int8 column value (string from pg, number or bigint from PGlite) to bigint without losing precision. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${value} lost precision`);
    return BigInt(value);
  }
  return BigInt(String(value));
}

/** Drops a PostgreSQL schema and everything in it; for tests that made their own schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export { sql };

/** DI token of the process's {@link Database}. */
export const DATABASE = Symbol('Database');
