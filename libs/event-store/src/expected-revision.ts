import { ExpectedRevision } from './types';

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
