import { Logger } from '@nestjs/common';
import { Database } from '@pp/database';

/** A running leadership loop. */
export interface LeadershipLoop {
  /** Whether this process leads now. */
  readonly leading: boolean;
  /** Settles once the first attempt is over: leading and activated, or standing by. */
  readonly settled: Promise<void>;
  /** Stops the work it leads (waiting for it) and gives the leadership up. */
  stop(): Promise<void>;
}

/**
 * Runs `activate` only while this process holds the leadership of `name` (see `Database.tryLead`):
 * one active instance per projection or reactor however many processes run. Standing by, it tries
 * again every `standbyMs`; when the lock's connection dies it deactivates and tries again, so
 * another process takes over when the leader dies.
 * @param activate starts the work; resolves to the function that stops it.
 */
export function runWhileLeading(database: Database, name: string, activate: () => Promise<() => Promise<void>>, options: { standbyMs?: number; logger?: Logger } = {}): LeadershipLoop {
  const standbyMs = options.standbyMs ?? 1_000;
  let running = true;
  let leading = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  let firstDone: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (firstDone = resolve));
  const loop = (async () => {
    while (running) {
      const lease = await database.tryLead(name).catch((error: unknown) => {
        options.logger?.warn(`could not ask for the leadership of ${name}: ${(error as Error).message}`);
        return null;
      });
      if (!lease) {
        firstDone();
        await Promise.race([stopped, new Promise((r) => setTimeout(r, standbyMs).unref())]);
        continue;
      }
      leading = true;
      options.logger?.log(`leading ${name}`);
      const deactivate = await activate();
      firstDone();
      await Promise.race([lease.lost, stopped]);
      await deactivate();
      leading = false;
      await lease.release();
      if (running) options.logger?.warn(`lost the leadership of ${name}; standing by`);
    }
  })().finally(firstDone);
  return {
    settled,
    get leading() {
      return leading;
    },
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}

/**
 * A reactor's loop: while this process leads `name`, runs `tick` every `intervalMs` (never two at
 * once), after `onLead` (e.g. cleaning up what a crashed leader left). A failing tick is logged and
 * the next one runs as usual. The timer does not keep the process alive by itself.
 */
export function tickWhileLeading(
  database: Database,
  name: string,
  intervalMs: number,
  tick: () => Promise<unknown>,
  options: { onLead?: () => Promise<void>; logger: Logger },
): LeadershipLoop {
  return runWhileLeading(
    database,
    name,
    async () => {
      await options.onLead?.();
      let running: Promise<void> | undefined;
      const timer = setInterval(() => {
        running ??= tick()
          .then(
            () => undefined,
            (e: unknown) => options.logger.error(`${name} failed`, e instanceof Error ? e.stack : String(e)),
          )
          .finally(() => (running = undefined));
      }, intervalMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
    { logger: options.logger },
  );
}
