import { RecordedEvent, SubscribeOptions, Subscription } from './types';

/** What a polling catch-up subscription needs from its store. */
export interface PollSource {
  readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]>;
  /**
   * Resolves when something may have been appended after position `after` (the subscription's
   * checkpoint), or after `timeoutMs` (the fallback poll), whichever comes first.
   */
  waitForAppend(timeoutMs: number, after: bigint): Promise<void>;
  /**
   * The highest position this process knows to be committed (its own appends, and notifications
   * from other processes), 0n when none. A read that stops short of it means those events are
   * committed but not yet visible (an older transaction is still open, see `VISIBLE` in the SQL
   * store): the subscription then reads again soon instead of waiting for the next wake-up.
   */
  knownHead?(): bigint;
}

/** Default fallback poll of a subscription whose store wakes it on appends, ms. */
export const DEFAULT_FALLBACK_POLL_MS = 5_000;

/** First and longest pause before reading again for events known committed but not yet visible, ms. */
const PENDING_FIRST_MS = 1;
const PENDING_MAX_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A catch-up subscription that reads the global log in batches from an exclusive checkpoint, hands
 * each batch to the handler, and, when caught up, waits for its store's wake-up (an append in this
 * process, a notification from another) or the slow fallback poll. When the store knows of events
 * beyond the checkpoint that the read did not return yet (committed behind an older open
 * transaction), it reads again after 1 ms, doubling to 100 ms, until it has them. A failing handler
 * gets the same batch again with exponential backoff (100 ms doubling to 30 s): a projection must
 * never skip an event.
 */
export class PollingCatchUpSubscription implements Subscription {
  private running = true;
  private current: bigint;
  private readonly done: Promise<void>;
  private wakeOnStop!: () => void;
  private readonly stopped = new Promise<void>((resolve) => (this.wakeOnStop = resolve));

  constructor(
    private readonly source: PollSource,
    private readonly options: SubscribeOptions & { pollIntervalMs?: number },
  ) {
    this.current = options.after ?? 0n;
    this.done = this.loop();
  }

  get position(): bigint {
    return this.current;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeOnStop();
    await this.done;
  }

  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const poll = this.options.pollIntervalMs ?? DEFAULT_FALLBACK_POLL_MS;
    let attempt = 0;
    let pending = PENDING_FIRST_MS;
    while (this.running) {
      try {
        const events = await this.source.readAll({ after: this.current, maxCount: batchSize });
        if (events.length === 0) {
          attempt = 0;
          if ((this.source.knownHead?.() ?? 0n) > this.current) {
            await sleep(pending);
            pending = Math.min(PENDING_MAX_MS, pending * 2);
          } else {
            pending = PENDING_FIRST_MS;
            await Promise.race([this.source.waitForAppend(poll, this.current), this.stopped]);
          }
          continue;
        }
        pending = PENDING_FIRST_MS;
        if (!this.running) return;
        await this.options.handler(events);
        this.current = events[events.length - 1].position;
        attempt = 0;
      } catch (error) {
        attempt += 1;
        this.options.onError?.(error, attempt);
        const backoff = Math.min(30_000, 100 * 2 ** Math.min(attempt - 1, 9));
        const until = Date.now() + backoff;
        while (this.running && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
      }
    }
  }
}

/**
 * A wake-up signal for in-process subscribers: every append (and every notification from another
 * process) calls `notify` with the position it made known; `head` keeps the highest.
 */
export class AppendSignal {
  private waiters: Array<() => void> = [];
  private known = 0n;

  /** How many are waiting now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The highest position announced so far, 0n when none. */
  get head(): bigint {
    return this.known;
  }

  /** Wakes every waiter; `position`, when given, is a committed position (see {@link PollSource.knownHead}). */
  notify(position?: bigint): void {
    if (position !== undefined && position > this.known) this.known = position;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next `notify`, at once when a position after `after` was already announced, or after `timeoutMs`. */
  wait(timeoutMs: number, after?: bigint): Promise<void> {
    if (after !== undefined && this.known > after) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      }, timeoutMs);
      // A subscription that stopped leaves its wait behind: it must not keep the process alive.
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }
}
