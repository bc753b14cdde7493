import { ExpectedRevision } from './types';

/**
 * The stream's revision did not match the append's expected revision (EventStoreDB's
 * WrongExpectedVersionError). The command pipeline retries a bounded number of times, then answers 409.
 */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Actual last revision; -1n when the stream does not exist. */
    readonly actual: bigint,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === -1n ? 'no stream' : actual.toString()}`);
  }
}

/** An append was refused as malformed (empty batch, an event id used in another stream, too many events). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}
