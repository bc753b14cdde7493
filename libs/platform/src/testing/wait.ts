import { availableParallelism, loadavg } from 'node:os';

/**
 * How many times slower than an idle machine this one runs now: the one-minute load average per
 * core, at least 1 and at most 8. On two busy cores (load 10) a wait that takes 2 s idle takes 10 s.
 */
export function loadFactor(): number {
  return Math.min(8, Math.max(1, loadavg()[0] / availableParallelism()));
}

/** What a wait is for: a sentence, or a function read when the wait times out (what was seen last). */
export type Awaited = string | (() => string);

const POLL_MS = 25;

/**
 * Polls `read` every 25 ms until `done(value)` holds, and returns that value.
 *
 * The deadline is in idle-machine milliseconds: each slice of waiting counts divided by
 * {@link loadFactor} at that moment, so `budgetMs` is what the work needs on an idle machine and a
 * busy machine gets proportionally longer (the suite must pass on CI's two loaded cores, issue 19).
 * Jest's own timeout (jest.config.js) is only the outer safety net, set well above these.
 * @param budgetMs what the awaited work needs on an idle machine, generously (ms).
 * @throws Error after the budget: `timed out after N ms (load factor up to F) waiting for WHAT; last seen: VALUE`.
 */
export async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, budgetMs: number, what: Awaited): Promise<T> {
  const started = Date.now();
  let spent = 0;
  let worst = 1;
  let last = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    const now = Date.now();
    const factor = loadFactor();
    worst = Math.max(worst, factor);
    spent += (now - last) / factor;
    last = now;
    if (spent > budgetMs) {
      const seen = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      throw new Error(
        `timed out after ${now - started} ms (a budget of ${budgetMs} ms on an idle machine, load factor up to ${worst.toFixed(1)}) waiting for ${typeof what === 'function' ? what() : what}; last seen: ${seen === undefined ? 'undefined' : seen.slice(0, 2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Polls `check` every 25 ms until it is true, with the load-scaled deadline of {@link eventually}.
 * @param what what is awaited; a function is read at the timeout, so the message shows what was
 *   seen last (a process's output then, not when the wait began).
 * @throws Error naming `what` and the time waited.
 */
export async function until(check: () => Promise<boolean> | boolean, budgetMs: number, what: Awaited): Promise<void> {
  await eventually(check, (ok) => ok, budgetMs, what);
}
