import { RecordedEvent, SubscribeOptions, Subscription } from './types';

/** What a polling catch-up subscription needs from its store. */
export interface PollSource {
  readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]>;
  /**
   * Resolves when something may have been appended after position `after` (the subscription's
   * checkpoint), or after `timeoutMs`, whichever comes first.
   */
  waitForAppend(timeoutMs: number, after: bigint): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A catch-up subscription over a store that can only be polled: reads the global log in batches from
 * an exclusive checkpoint, hands each batch to the handler, and waits for a wake-up (or the poll
 * interval) when caught up. A failing handler gets the same batch again with exponential backoff
 * (100 ms doubling to 30 s): a projection must never skip an event.
 */
export class PollingCatchUpSubscription implements Subscription {
  private running = true;
  private current: bigint;
  private readonly done: Promise<void>;

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
    await this.done;
  }

  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const poll = this.options.pollIntervalMs ?? 50;
    let attempt = 0;
    while (this.running) {
      try {
        const events = await this.source.readAll({ after: this.current, maxCount: batchSize });
        if (events.length === 0) {
          attempt = 0;
          await this.source.waitForAppend(poll, this.current);
          continue;
        }
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

/** A wake-up signal for in-process subscribers: every append calls `notify`. */
export class AppendSignal {
  private waiters: Array<() => void> = [];

  /** How many are waiting now. */
  get waiting(): number {
    return this.waiters.length;
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }
}
