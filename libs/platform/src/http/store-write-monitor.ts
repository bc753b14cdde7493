import { Injectable } from '@nestjs/common';
import { storeFailure } from './problem';

/**
 * How long /health keeps reporting writes refused for lack of space after the last refusal, when
 * no write has succeeded since: ms. Long enough to hold a load balancer off, short enough that an
 * instance taken out of rotation (and so seeing no writes) is tried again soon after space is freed.
 */
export const STORE_FULL_HOLD_MS = 30_000;

/** Writes refused for lack of space, as /health shows them. Times UTC ISO-8601. */
export interface StoreWriteRefusal {
  /** The first refusal since writes last went through. */
  readonly since: string;
  readonly lastAt: string;
  readonly refusedWrites: number;
  /** SQLSTATE or errno code of the last refusal: `53100`, `ENOSPC`, `EDQUOT`. */
  readonly code: string;
}

/**
 * Remembers whether the store takes writes. A full disk leaves reads working, so a health check
 * that only reads (the head position) says "up" while every command fails; this is what the
 * requests themselves saw: a write refused with a `full` store failure ({@link storeFailure})
 * marks the store down, a command that succeeds afterwards marks it up, and so does
 * {@link STORE_FULL_HOLD_MS} without a new refusal. Wall-clock time (not the business clock): it
 * measures the process, not the domain.
 */
@Injectable()
export class StoreWriteMonitor {
  private refused?: { since: number; last: number; count: number; code: string };

  /** Called with every error a request failed with; only a full store is remembered. */
  writeFailed(error: unknown, nowMs: number = Date.now()): void {
    if (storeFailure(error) !== 'full') return;
    const code = codeOf(error) ?? 'disk_full';
    this.refused = { since: this.refused?.since ?? nowMs, last: nowMs, count: (this.refused?.count ?? 0) + 1, code };
  }

  /** Called when a command (a mutating request) succeeded: the store takes writes. */
  writeSucceeded(): void {
    this.refused = undefined;
  }

  /** The current refusal, or undefined while writes go through (or nothing was refused for a while). */
  refusal(nowMs: number = Date.now()): StoreWriteRefusal | undefined {
    const r = this.refused;
    if (!r || nowMs - r.last >= STORE_FULL_HOLD_MS) return undefined;
    return { since: new Date(r.since).toISOString(), lastAt: new Date(r.last).toISOString(), refusedWrites: r.count, code: r.code };
  }
}

/** The code that made `error` a full-store failure, looking through its causes. */
function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && storeFailure({ code }) === 'full') return code;
  }
  return undefined;
}
