import { RecordedEvent } from '@pp/event-store';

/** A stream as a decision read it: its last revision (-1n: none) and last event (for the hash chain). */
export interface StreamRead {
  readonly revision: bigint;
  readonly last: RecordedEvent | undefined;
}

/**
 * The other streams one decision read its facts from, and the revisions it read them at. The
 * command pipeline appends with each of them as a condition (the SQL stores hold their locks to the
 * commit), so a fact that changed between the read and the append makes the attempt run again
 * instead of committing on stale facts: two decisions that each read the stream the other writes
 * (RegisterPartner reads `customer-{id}`, AddCustomer reads `partner-{id}`) cannot both commit.
 * A fresh one is handed to every attempt.
 */
export class StreamReads {
  private readonly streams = new Map<string, StreamRead>();

  /** Records a stream just read, with its events in revision order. The first read of a stream wins: the decision used it. */
  record(streamId: string, events: readonly RecordedEvent[]): void {
    if (this.streams.has(streamId)) return;
    const last = events[events.length - 1];
    this.streams.set(streamId, { revision: last ? last.revision : -1n, last });
  }

  /** The read of `streamId`, if this decision made one. */
  get(streamId: string): StreamRead | undefined {
    return this.streams.get(streamId);
  }

  /** Every stream read, in the order first read. */
  entries(): Array<[string, StreamRead]> {
    return [...this.streams.entries()];
  }
}
