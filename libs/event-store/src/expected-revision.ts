import { InvalidAppendError } from './errors';
import { ExpectedRevision, StreamAppend } from './types';

/** Largest batch one append takes: the SQL adapters pack the index within an append into 16 bits of the position. */
export const MAX_EVENTS_PER_APPEND = 65_536;

/** Whether a stream whose last revision is `actual` (-1n: no stream) satisfies `expected`. */
export function checkExpected(expected: ExpectedRevision, actual: bigint): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1n;
    case 'stream_exists':
      return actual >= 0n;
    default:
      return actual === expected;
  }
}

/** The text form the SQL append function takes. */
export function expectedToText(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}

/**
 * The shape every adapter refuses before touching the store: a multi-stream append writes 1 to
 * {@link MAX_EVENTS_PER_APPEND} events in all (its events share one position block on SQL), and
 * names each stream once, and each event id once.
 * @throws InvalidAppendError
 */
export function checkAppends(appends: readonly StreamAppend[]): void {
  const total = appends.reduce((n, a) => n + a.events.length, 0);
  if (total === 0 || total > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
  if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new InvalidAppendError('a multi-stream append names each stream once');
  if (new Set(appends.flatMap((a) => a.events.map((e) => e.eventId))).size !== total) throw new InvalidAppendError('an event id appears twice in one append');
}
