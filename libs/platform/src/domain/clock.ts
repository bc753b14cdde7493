/** Source of the current time; injected so that deciders and tests never read the system clock. */
export interface Clock {
  now(): Date;
}

/** DI token of the {@link Clock}. */
export const CLOCK = Symbol('Clock');

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A clock that reads `start` (UTC) at the moment it is made and runs on in real time from there:
 * for replaying a dated scenario or a demo on the real service (`SIMULATED_NOW`), never production.
 */
export function clockStartingAt(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}
