import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, DATABASE, sql } from '@pp/database';
import { Kysely, Migration } from 'kysely';
import { createHash } from 'node:crypto';

/** A stored first answer. The body is kept as the JSON text sent, so a replay is byte-identical. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly problem: boolean;
}

/** Result of claiming a key: ours to execute, someone else's in progress, or done before. */
/** `claimedAt` (UTC ISO-8601) identifies this claim: only its holder may give it up. */
export type Claim = { readonly kind: 'claimed'; readonly claimedAt: string } | { readonly kind: 'in_progress' } | { readonly kind: 'mismatch' } | { readonly kind: 'done'; readonly answer: StoredAnswer };

const migrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table idempotency_keys (
          scope_key text primary key,
          fingerprint text not null,
          status integer,
          body text,
          problem boolean not null default false,
          claimed_at timestamptz not null,
          completed_at timestamptz
        )`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table idempotency_keys`.execute(db);
    },
  },
};

/** A claim older than this whose request never completed (the process died) may be taken over. */
const STALE_CLAIM_MS = 60_000;

/**
 * How a key appears in the log: the first 12 hex digits of its SHA-256. Enough to match the lines
 * of one key; the key itself is the client's and may carry what it chose to put there.
 */
const keyRef = (scopeKey: string) => createHash('sha256').update(scopeKey).digest('hex').slice(0, 12);

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * First answers by idempotency key (SPEC section 9), in the read-side database. A key is claimed
 * before the command runs, so that concurrent requests with the same key wait for the first one
 * instead of running again.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);

  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Creates the table. */
  async migrate(): Promise<void> {
    await this.database.migrate(migrations, 'idem_migration');
  }

  /**
   * Claims `scopeKey` for a request with this fingerprint (hash of method, path and body).
   * @throws the database's error. The claim may have been written all the same (a connection lost
   * during the commit), so it is then released in the background, as only this request could:
   * otherwise the retry would meet `IDEMPOTENCY_KEY_IN_USE` for a minute (found by the restart fault test).
   */
  async claim(scopeKey: string, fingerprint: string, now: Date): Promise<Claim> {
    try {
      return await this.tryClaim(scopeKey, fingerprint, now);
    } catch (error) {
      void this.releaseEventually(scopeKey, now.toISOString());
      throw error;
    }
  }

  private async tryClaim(scopeKey: string, fingerprint: string, now: Date): Promise<Claim> {
    const db = this.database.db;
    const inserted = await sql`
      insert into idempotency_keys (scope_key, fingerprint, claimed_at) values (${scopeKey}, ${fingerprint}, ${now.toISOString()})
      on conflict do nothing returning scope_key`.execute(db);
    if (inserted.rows.length === 1) return { kind: 'claimed', claimedAt: now.toISOString() };
    const { rows } = await sql<{ fingerprint: string; status: number | null; body: unknown; problem: boolean; claimed_at: Date | string }>`
      select fingerprint, status, body, problem, claimed_at from idempotency_keys where scope_key = ${scopeKey}`.execute(db);
    const row = rows[0];
    if (!row) return this.tryClaim(scopeKey, fingerprint, now);
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.status !== null) return { kind: 'done', answer: { status: row.status, body: JSON.parse(String(row.body)), problem: row.problem } };
    const claimedAt = new Date(row.claimed_at);
    if (now.getTime() - claimedAt.getTime() > STALE_CLAIM_MS) {
      const taken = await sql`
        update idempotency_keys set claimed_at = ${now.toISOString()}
        where scope_key = ${scopeKey} and status is null and claimed_at = ${claimedAt.toISOString()} returning scope_key`.execute(db);
      if (taken.rows.length === 1) return { kind: 'claimed', claimedAt: now.toISOString() };
    }
    return { kind: 'in_progress' };
  }

  /** Records the first answer of a claimed key. */
  async complete(scopeKey: string, answer: StoredAnswer, now: Date): Promise<void> {
    await sql`
      update idempotency_keys set status = ${answer.status}, body = ${JSON.stringify(answer.body ?? null)}, problem = ${answer.problem}, completed_at = ${now.toISOString()}
      where scope_key = ${scopeKey}`.execute(this.database.db);
  }

  /**
   * Records the refusal a claimed request ended with (its problem document, the answer every retry
   * with the key replays). When that write fails the refusal is dropped, logged (the key hashed,
   * never the body): the claim then stands until it is stale, and a retry meanwhile meets
   * `IDEMPOTENCY_KEY_IN_USE`. Never rejects: the request's own error is what the client gets.
   */
  async completeOrDrop(scopeKey: string, answer: StoredAnswer, now: Date): Promise<void> {
    try {
      await this.complete(scopeKey, answer, now);
    } catch (error) {
      this.logger.warn(`idempotency key ${keyRef(scopeKey)}: the ${answer.status} answer was not recorded, dropped: ${reason(error)}`);
    }
  }

  /**
   * Gives a claim up (the request failed unexpectedly), so that a retry runs the command. Only the
   * claim taken at `claimedAt`: one taken over since, or a new one after this was deleted, is
   * someone else's.
   */
  async release(scopeKey: string, claimedAt: string): Promise<void> {
    await sql`delete from idempotency_keys where scope_key = ${scopeKey} and status is null and claimed_at = ${claimedAt}`.execute(this.database.db);
  }

  /**
   * {@link release}, and when the database cannot be reached (the very failure that ended the
   * request, often), again in the background every 0.25-2 s until it works or the claim would be
   * stale anyway (another request may then take it over): otherwise the client's retry would meet
   * `IDEMPOTENCY_KEY_IN_USE` for a minute after a database restart (found by the restart fault
   * test). Resolves after the first attempt, never rejects; a release given up is logged (the key
   * hashed).
   */
  async releaseEventually(scopeKey: string, claimedAt: string): Promise<void> {
    const giveUpAt = Date.now() + STALE_CLAIM_MS;
    const attempt = async (delayMs: number): Promise<void> => {
      try {
        await this.release(scopeKey, claimedAt);
      } catch (error) {
        if (Date.now() + delayMs > giveUpAt) {
          this.logger.warn(`idempotency key ${keyRef(scopeKey)}: its claim was not released, dropped (it goes stale at ${new Date(Date.parse(claimedAt) + STALE_CLAIM_MS).toISOString()}): ${reason(error)}`);
          return;
        }
        setTimeout(() => void attempt(Math.min(delayMs * 2, 2_000)), delayMs).unref();
      }
    };
    await attempt(250);
  }
}
