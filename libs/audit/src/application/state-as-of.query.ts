import { EventStore, RecordedEvent } from '@pp/event-store';
import { DomainError, upcastAll } from '@pp/platform';

/** A subject's state folded from its stream up to a time, and where in the log that fold stopped. */
export interface StateAsOf {
  subject: string;
  /** UTC ISO-8601. */
  asOf: string;
  state: unknown;
  /** Revision and global position of the last event folded (decimal strings); null when none had happened by then. */
  revision: string | null;
  position: string | null;
  eventsFolded: number;
}

/** The part of a decider that rebuilds state: its initial state and its `evolve`. */
export interface StateFold<S> {
  readonly initialState: S;
  evolve(state: S, event: never): S;
}

/**
 * Folds the events of `streamId` whose `occurredAt` (the time the decision was taken, in the
 * metadata of every event) is at or before `asOf` (UTC ISO-8601), with the same `evolve` the
 * commands use. Events keep that order within a stream, so the fold stops at the first later one.
 * @throws DomainError `SUBJECT_NOT_FOUND` (404) when the stream holds no event.
 */
export async function stateAsOf<S>(store: EventStore, streamId: string, subject: string, decider: StateFold<S>, asOf: string): Promise<StateAsOf> {
  const events = upcastAll(await store.readStream(streamId));
  let state = decider.initialState;
  let last: RecordedEvent | undefined;
  let folded = 0;
  for (const e of events) {
    const at = String(e.metadata.occurredAt ?? e.recordedAt);
    if (at > asOf) break;
    state = decider.evolve(state, { type: e.type, data: e.data } as never);
    last = e;
    folded += 1;
  }
  if (folded === 0 && events.length === 0) throw new DomainError('SUBJECT_NOT_FOUND', 'not_found', `no stream ${streamId}`);
  return { subject, asOf, state, revision: last ? last.revision.toString() : null, position: last ? last.position.toString() : null, eventsFolded: folded };
}
