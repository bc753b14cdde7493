import { AppendSignal, PollingCatchUpSubscription } from './catch-up-subscription';
import { InvalidAppendError, WrongExpectedRevisionError } from './errors';
import { checkExpected, MAX_EVENTS_PER_APPEND } from './expected-revision';
import { AppendResult, EventData, EventStore, ExpectedRevision, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription } from './types';

/**
 * Event store held in process memory, for unit tests only: nothing survives the process.
 * Data is deep-copied in and out so callers cannot mutate what is stored.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly ids = new Map<string, RecordedEvent>();
  private readonly signal = new AppendSignal();

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    const stream = this.streams.get(streamId) ?? [];
    const seen = events.map((e) => this.ids.get(e.eventId)).filter((e): e is RecordedEvent => e !== undefined);
    if (seen.length > 0) {
      if (seen.length === events.length && seen.every((e) => e.streamId === streamId)) {
        const last = seen.reduce((a, b) => (b.revision > a.revision ? b : a));
        return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
      }
      throw new InvalidAppendError('some of these event ids are already stored');
    }
    const actual = BigInt(stream.length) - 1n;
    if (!checkExpected(options.expectedRevision, actual)) throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
    const recordedAt = new Date().toISOString();
    for (const e of events) {
      const recorded: RecordedEvent = {
        streamId,
        revision: BigInt(stream.length),
        position: BigInt(this.log.length + 1),
        eventId: e.eventId,
        type: e.type,
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata),
        recordedAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.ids.set(e.eventId, recorded);
    }
    this.streams.set(streamId, stream);
    this.signal.notify();
    const last = stream[stream.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const picked =
      options.direction === 'backwards'
        ? stream.filter((e) => options.fromRevision === undefined || e.revision <= options.fromRevision).reverse()
        : stream.filter((e) => e.revision >= (options.fromRevision ?? 0n));
    return structuredClone(picked.slice(0, max));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    return structuredClone(this.log.filter((e) => e.position > after).slice(0, max));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return new PollingCatchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        waitForAppend: (ms) => this.signal.wait(ms),
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async close(): Promise<void> {
    this.signal.notify();
  }
}
