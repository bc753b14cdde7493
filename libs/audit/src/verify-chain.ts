import { hasSnapshotReads, RecordedEvent, SnapshotReads } from '@pp/event-store';
import { eventHash } from '@pp/platform';

/** The first place the log is not what was written: where, and why. */
export interface ChainBreak {
  readonly streamId: string;
  /** Revision of the event found broken (for a truncation: the last revision that is still there). */
  readonly revision: string;
  readonly position: string | null;
  readonly reason: string;
}

/** What a verification walked and found. */
export interface VerificationReport {
  readonly events: number;
  readonly streams: number;
  /** Events written before the chain existed (no hash): reported, not trusted, not a break. */
  readonly unchained: number;
  readonly firstBreak: ChainBreak | null;
}

/**
 * Checks the integrity chain (SPEC section 8) event by event, in global-log order: each event's hash
 * must match its stored content, name the previous event of its stream, and follow it with the next
 * revision. Feed it every event of the log with {@link check}; at the end, {@link finish} compares
 * each stream's last revision with what the store says the stream holds (a deleted tail).
 */
export class ChainVerifier {
  private readonly last = new Map<string, { revision: bigint; hash: string | null }>();
  private events = 0;
  private unchained = 0;
  /** Whether a hashed event has been seen: from then on, every event must carry a hash. */
  private chainBegan = false;
  private broken: ChainBreak | null = null;

  /** Checks one event (as stored, not upcast); returns the first break found so far. */
  check(event: RecordedEvent): ChainBreak | null {
    if (this.broken) return this.broken;
    this.events += 1;
    const before = this.last.get(event.streamId);
    const where = { streamId: event.streamId, revision: event.revision.toString(), position: event.position.toString() };
    const expected = before ? before.revision + 1n : 0n;
    if (event.revision !== expected) {
      return (this.broken = { ...where, reason: `revision ${expected} is missing: an event was deleted before this one` });
    }
    const hash = typeof event.metadata.hash === 'string' ? event.metadata.hash : null;
    if (hash === null) {
      // Events from before the chain existed come first in the log; a hashless one after them was stripped.
      if (this.chainBegan) return (this.broken = { ...where, reason: 'the event carries no hash although the chain had begun: its hash was removed' });
      this.unchained += 1;
    } else {
      this.chainBegan = true;
      if (eventHash(event) !== hash) return (this.broken = { ...where, reason: 'the content does not match its hash: the event was altered' });
      const previous = (event.metadata.previousHash as string | null | undefined) ?? null;
      if (previous !== (before?.hash ?? null)) return (this.broken = { ...where, reason: 'the event is not chained to the event before it in its stream' });
    }
    this.last.set(event.streamId, { revision: event.revision, hash });
    return null;
  }

  /**
   * Ends the walk. `heads` (where the store keeps them) are the last revision of every stream: a
   * stream whose walk ended earlier lost its newest events.
   */
  finish(heads?: ReadonlyMap<string, bigint>): VerificationReport {
    if (!this.broken && heads) {
      for (const [streamId, head] of heads) {
        const seen = this.last.get(streamId)?.revision ?? -1n;
        if (head > seen) {
          this.broken = { streamId, revision: seen.toString(), position: null, reason: `the stream holds revision ${head} but the log ends at ${seen}: its newest events were deleted` };
          break;
        }
      }
    }
    return { events: this.events, streams: this.last.size, unchained: this.unchained, firstBreak: this.broken };
  }
}

/** What {@link verifyLog} reads: every event in pages, and where known the streams' heads, all from one snapshot. */
export interface VerifiableLog {
  readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]>;
  streamHeads?(): Promise<Map<string, bigint>>;
}

/**
 * Walks the whole log through a {@link ChainVerifier}; `onProgress` gets the events checked so far.
 * On a store with {@link SnapshotReads} (the SQL stores: one REPEATABLE READ snapshot) the events
 * and the heads come from one snapshot, so appends committing during the walk neither raise false
 * alarms nor slip past it.
 */
export async function verifyLog(store: VerifiableLog | SnapshotReads, onProgress?: (checked: number) => void): Promise<VerificationReport> {
  if (hasSnapshotReads(store)) return store.withSnapshot((log) => walk(log, onProgress));
  return walk(store, onProgress);
}

async function walk(log: VerifiableLog, onProgress?: (checked: number) => void): Promise<VerificationReport> {
  const verifier = new ChainVerifier();
  const heads = log.streamHeads ? await log.streamHeads() : undefined;
  const read = log.readAll.bind(log);
  let after = 0n;
  let checked = 0;
  for (;;) {
    const page = await read({ after, maxCount: 1000 });
    if (page.length === 0) break;
    for (const event of page) {
      checked += 1;
      if (verifier.check(event)) return verifier.finish();
    }
    after = page[page.length - 1].position;
    onProgress?.(checked);
  }
  return verifier.finish(heads);
}

/** What {@link verifyStream} reads: one stream's events as stored, forwards. */
export interface VerifiableStream {
  readStream(streamId: string, options?: { fromRevision?: bigint; direction?: 'forwards' | 'backwards'; maxCount?: number }): Promise<RecordedEvent[]>;
}

/**
 * Walks one stream through a {@link ChainVerifier} (GET /v1/audit/integrity?streamId=): every
 * revision present from 0, every hash matching its content and chained to the one before. A stream
 * is read in pages of 1,000; what it does not cover is a truncation of the newest events, which only
 * the whole-log walk with the store's heads ({@link verifyLog}) sees.
 */
export async function verifyStream(store: VerifiableStream, streamId: string): Promise<VerificationReport> {
  const verifier = new ChainVerifier();
  for (let from = 0n; ; ) {
    const page = await store.readStream(streamId, { fromRevision: from, direction: 'forwards', maxCount: 1000 });
    for (const event of page) if (verifier.check(event)) return verifier.finish();
    if (page.length < 1000) return verifier.finish();
    from = page[page.length - 1].revision + 1n;
  }
}
