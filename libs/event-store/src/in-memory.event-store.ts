import { AppendSignal, PollingCatchUpSubscription } from './catch-up-subscription';
import { InvalidAppendError, WrongExpectedRevisionError } from './errors';
import { checkAppends, checkExpected, MAX_EVENTS_PER_APPEND } from './expected-revision';
import {
  AppendResult,
  EventCounting,
  EventData,
  EventStore,
  ExpectedRevision,
  LogSnapshot,
  MultiStreamReads,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SnapshotReads,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from './types';

/**
 * Event store held in process memory, for unit tests only: nothing survives the process.
 * Data is deep-copied in and out so callers cannot mutate what is stored.
 */
export class InMemoryEventStore implements EventStore, SnapshotReads, EventCounting, MultiStreamReads {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly ids = new Map<string, RecordedEvent>();
  private readonly signal = new AppendSignal();

  async appendToStream(streamId: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidAppendError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events`);
    return (await this.appendToStreams([{ streamId, events, expectedRevision: options.expectedRevision }]))[0];
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    checkAppends(appends);
    const all = appends.flatMap((a) => a.events.map((e) => ({ streamId: a.streamId, e })));
    const seen = all.map(({ e }) => this.ids.get(e.eventId)).filter((e): e is RecordedEvent => e !== undefined);
    if (seen.length > 0) {
      if (seen.length === all.length && all.every(({ streamId, e }) => this.ids.get(e.eventId)?.streamId === streamId)) {
        return appends.map((a) => {
          if (a.events.length === 0) return { nextExpectedRevision: this.revisionOf(a.streamId), position: seen[seen.length - 1].position, duplicate: true };
          const last = a.events.map((e) => this.ids.get(e.eventId)!).reduce((x, y) => (y.revision > x.revision ? y : x));
          return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
        });
      }
      throw new InvalidAppendError('some of these event ids are already stored');
    }
    for (const a of appends) {
      const actual = this.revisionOf(a.streamId);
      if (!checkExpected(a.expectedRevision, actual)) throw new WrongExpectedRevisionError(a.streamId, a.expectedRevision, actual);
    }
    const recordedAt = new Date().toISOString();
    for (const a of appends) {
      const stream = this.streams.get(a.streamId) ?? [];
      for (const e of a.events) {
        const recorded: RecordedEvent = {
          streamId: a.streamId,
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
      if (stream.length > 0) this.streams.set(a.streamId, stream);
    }
    const position = this.log[this.log.length - 1].position;
    this.signal.notify(position);
    return appends.map((a) => {
      const revision = this.revisionOf(a.streamId);
      return { nextExpectedRevision: revision, position: a.events.length === 0 ? position : this.streams.get(a.streamId)![Number(revision)].position, duplicate: false };
    });
  }

  private revisionOf(streamId: string): bigint {
    return BigInt((this.streams.get(streamId) ?? []).length) - 1n;
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

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    return new Map(streamIds.map((id) => [id, structuredClone(this.streams.get(id) ?? [])]));
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
        // With the checkpoint: an append between the subscriber's empty read and its wait must wake it
        // at once (without `after` that notification was lost, and the subscriber slept the fallback poll).
        waitForAppend: (ms, after) => this.signal.wait(ms, after),
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  /** How many events the log holds. */
  async countEvents(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  /** Runs `read` on a copy of the log and of the streams' heads, taken at once. */
  async withSnapshot<T>(read: (log: LogSnapshot) => Promise<T>): Promise<T> {
    const log = structuredClone(this.log);
    const heads = new Map([...this.streams].map(([id, events]) => [id, BigInt(events.length - 1)] as const));
    return read({
      readAll: async ({ after, maxCount }) => structuredClone(log.filter((e) => e.position > after).slice(0, maxCount)),
      streamHeads: async () => new Map(heads),
    });
  }

  async close(): Promise<void> {
    this.signal.notify();
  }
}
