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
 * one active projector however many processes run. Standing by, it tries
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
 * What a {@link Reactor} follows to be woken after every page of the log the projector's reader
 * handled, whatever it held (a reactor that reads the log itself, e.g. webhook delivery).
 */
export const EVERY_PAGE = '*';

/**
 * Work that acts on read models (sending mail, closing invitations), run by the projector while it
 * leads, in the same process as the projections it follows, so that their commits can wake it.
 */
export interface Reactor {
  /** Its name in the logs, e.g. `reactor:mail`. */
  readonly name: string;
  /** Projections whose commits wake it (by name), or {@link EVERY_PAGE}; empty: its fallback interval alone. */
  readonly follows: readonly string[];
  /** Starts the work (after whatever the last leader left half-done is cleaned up). */
  activate(): Promise<ActiveReactor>;
}

/** A started {@link Reactor}. */
export interface ActiveReactor {
  /** Something it follows was committed: run soon (at most one run at a time; one more if woken meanwhile). */
  wake(): void;
  /** Stops, waiting for the run in hand. */
  stop(): Promise<void>;
}

/**
 * A reactor that runs `tick` when woken and, as a safety net (work that comes due with time, a
 * failed attempt to retry), every `intervalMs`: never two at once, one more run when woken during
 * one. A failing tick is logged and the next runs as usual. Its timer does not keep the process
 * alive by itself.
 */
export function tickingReactor(
  name: string,
  tick: () => Promise<unknown>,
  options: { intervalMs: number; follows?: readonly string[]; onLead?: () => Promise<void>; logger: Logger },
): Reactor {
  return {
    name,
    follows: options.follows ?? [],
    async activate() {
      await options.onLead?.();
      let running: Promise<void> | undefined;
      let again = false;
      let stopped = false;
      const run = (): void => {
        if (stopped) return;
        if (running) {
          again = true;
          return;
        }
        running = tick()
          .then(
            () => undefined,
            (e: unknown) => options.logger.error(`${name} failed`, e instanceof Error ? e.stack : String(e)),
          )
          .finally(() => {
            running = undefined;
            if (again) {
              again = false;
              run();
            }
          });
      };
      const timer = setInterval(run, options.intervalMs);
      timer.unref();
      return {
        wake: run,
        async stop() {
          stopped = true;
          clearInterval(timer);
          while (running) await running;
        },
      };
    },
  };
}
