import {
  ANY,
  AppendConsistencyViolationError,
  AppendRecordInput,
  AppendRecordsResult,
  AppendResult as ClientAppendResult,
  AppendStreamRequest,
  AppendStreamState,
  ConsistencyCheck,
  EventData as ClientEventData,
  KurrentDBClient,
  MultiAppendResult,
  NO_STREAM,
  ReadStreamOptions as ClientReadStreamOptions,
  ResolvedEvent,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../errors';
import { EventData, StreamAppend } from '../types';
import { appendAtomically, conflictOf, detectMultiAppendMode, METADATA_PROPERTY, metadataProperties, modeBelow, storedMetadata, toActualRevision, toStreamState } from './esdb-multi-append';
import { EsdbEventStore } from './esdb.event-store';
import { packPosition } from './esdb-position';
import { conflict } from '../testing/event-store.contract';

const event = (type = 'ThingHappened', metadata: EventData['metadata'] = { schemaVersion: 1 }): EventData => ({ eventId: randomUUID(), type, data: { type }, metadata });
const stream = () => `thing-${randomUUID()}`;

/** A stored event as the client hands it out (RecordedEvent in the client's dist/types/events.d.ts). */
interface Stored {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: true;
  position: { commit: bigint; prepare: bigint };
}

/**
 * A small in-memory stand-in for the parts of KurrentDBClient the adapter calls, each with the
 * shape its d.ts gives (1.3.1): `appendRecords` and `multiStreamAppend` throw `UnsupportedError`
 * where the "server" lacks them, as the client does from the server's feature list, and refuse an
 * entry or request without records, as the server does; both refuse metadata that is not a flat
 * object of strings, as the client does; conflicts come back as the client's error classes.
 */
class FakeClient {
  readonly streams = new Map<string, Stored[]>();
  readonly calls: string[] = [];
  private commit = 0n;

  constructor(public features: { appendRecords: boolean; multiStreamAppend: boolean }) {}

  private revisionOf(s: string): bigint {
    return BigInt((this.streams.get(s)?.length ?? 0) - 1);
  }

  private holds(s: string, expected: AppendStreamState): boolean {
    const r = this.revisionOf(s);
    return expected === ANY ? true : expected === NO_STREAM ? r === -1n : expected === STREAM_EXISTS ? r >= 0n : r === expected;
  }

  private write(batches: Array<{ streamName: string; events: ClientEventData[] }>): bigint {
    const total = batches.reduce((n, b) => n + b.events.length, 0);
    this.commit += 1000n;
    let i = 0;
    for (const b of batches) {
      const list = this.streams.get(b.streamName) ?? [];
      for (const e of b.events) {
        const prepare = this.commit - BigInt(total - 1 - i) * 10n;
        i += 1;
        list.push({ streamId: b.streamName, id: e.id, revision: BigInt(list.length), type: e.type, created: new Date(0), data: e.data, metadata: e.metadata, isJson: true, position: { commit: this.commit, prepare } });
      }
      this.streams.set(b.streamName, list);
    }
    return this.commit;
  }

  private static flatStrings(events: ClientEventData[]): void {
    for (const e of events) {
      const m = e.metadata as Record<string, unknown> | undefined;
      if (m && Object.values(m).some((v) => typeof v !== 'string')) throw new Error('requires metadata to be a plain object with string keys and string values.');
    }
  }

  async appendToStream(streamName: string, events: ClientEventData | ClientEventData[], options: { streamState?: AppendStreamState } = {}): Promise<ClientAppendResult> {
    this.calls.push(`appendToStream ${streamName}`);
    const list = Array.isArray(events) ? events : [events];
    const expected = options.streamState ?? ANY;
    if (!this.holds(streamName, expected)) {
      const r = this.revisionOf(streamName);
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: r < 0n ? 'no_stream' : r });
    }
    this.write([{ streamName, events: list }]);
    const last = this.streams.get(streamName)!.at(-1)!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    if (!this.features.multiStreamAppend) throw new UnsupportedError('multiStreamAppend', '25.1');
    this.calls.push(`multiStreamAppend ${requests.map((r) => r.streamName).join(',')}`);
    for (const r of requests) FakeClient.flatStrings(r.events);
    if (requests.some((r) => r.events.length === 0)) throw new UnknownError(undefined, 'Stream append request must contain at least one record');
    const stale = requests.find((r) => !this.holds(r.streamName, r.expectedState));
    if (stale) {
      const r = this.revisionOf(stale.streamName);
      throw new WrongExpectedVersionError(undefined, { streamName: stale.streamName, expected: stale.expectedState, current: r < 0n ? 'no_stream' : r });
    }
    const position = this.write(requests.map((r) => ({ streamName: r.streamName, events: r.events.map(FakeClient.withServerProperties) })));
    return { position, responses: requests.map((r) => ({ streamName: r.streamName, revision: this.revisionOf(r.streamName) })) };
  }

  async appendRecords(records: AppendRecordInput[], checks?: ConsistencyCheck[]): Promise<AppendRecordsResult> {
    if (!this.features.appendRecords) throw new UnsupportedError('appendRecords', '26.1');
    this.calls.push(`appendRecords ${records.map((r) => r.streamName).join(',')} checks ${(checks ?? []).map((c) => c.streamName).join(',')}`);
    FakeClient.flatStrings(records.map((r) => r.record));
    if (records.length === 0) throw new UnknownError(undefined, 'Append records request must contain at least one record.');
    const violations = (checks ?? [])
      .map((c, checkIndex) => ({ c, checkIndex }))
      .filter(({ c }) => !this.holds(c.streamName, c.expectedState))
      .map(({ c, checkIndex }) => ({ checkIndex, streamState: { stream: c.streamName, expectedState: String(c.expectedState === NO_STREAM ? -1 : c.expectedState), actualState: String(this.revisionOf(c.streamName)) } }));
    if (violations.length) throw new AppendConsistencyViolationError(undefined as never, { violationsList: violations } as never);
    const batches: Array<{ streamName: string; events: ClientEventData[] }> = [];
    for (const r of records) {
      const last = batches.at(-1);
      if (last?.streamName === r.streamName) last.events.push(FakeClient.withServerProperties(r.record));
      else batches.push({ streamName: r.streamName, events: [FakeClient.withServerProperties(r.record)] });
    }
    const position = this.write(batches);
    return { position, responses: [...new Set(records.map((r) => r.streamName))].map((s) => ({ streamName: s, revision: this.revisionOf(s) })) };
  }

  /** What a server adds to a v2 record's properties (its schema name); the adapter must ignore it. */
  private static withServerProperties(e: ClientEventData): ClientEventData {
    return { ...e, metadata: { ...(e.metadata as Record<string, string>), '$schema.name': e.type } } as ClientEventData;
  }

  readStream(streamName: string, options: ClientReadStreamOptions = {}): AsyncIterableIterator<ResolvedEvent> {
    const list = this.streams.get(streamName);
    const backwards = options.direction === 'backwards';
    async function* read(): AsyncGenerator<ResolvedEvent> {
      if (!list) throw new StreamNotFoundError(undefined, streamName);
      const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : backwards ? list.length - 1 : 0;
      const ordered = backwards ? list.slice(0, from + 1).reverse() : list.slice(from);
      for (const e of ordered.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield { event: e } as unknown as ResolvedEvent;
    }
    return read();
  }

  async dispose(): Promise<void> {}
}

function storeOver(features: { appendRecords: boolean; multiStreamAppend: boolean }) {
  const client = new FakeClient(features);
  const log: string[] = [];
  const store = EsdbEventStore.over(client as unknown as KurrentDBClient, { log: (line) => log.push(line) });
  return { client, store, log };
}


describe('EventStoreDB multi-stream append: mapping to the client', () => {
  it('maps every expected revision onto the client stream state of the same meaning', () => {
    expect([toStreamState('no_stream'), toStreamState('stream_exists'), toStreamState('any'), toStreamState(7n)]).toEqual([NO_STREAM, STREAM_EXISTS, ANY, 7n]);
  });

  it('reads the server actual states as port revisions: no stream, deleted and tombstoned are -1n', () => {
    expect([toActualRevision('no_stream'), toActualRevision(0n), toActualRevision(41n), toActualRevision(-5n), toActualRevision(-6n)]).toEqual([-1n, 0n, 41n, -1n, -1n]);
  });

  it('carries metadata of any JSON shape as one string property and reads it back exactly', () => {
    const metadata = { schemaVersion: 1, causation: { chain: [1, 'two', null] }, flag: true };
    const properties = metadataProperties(metadata);
    expect(Object.values(properties).every((v) => typeof v === 'string')).toBe(true);
    expect(storedMetadata({ ...properties, '$schema.name': 'X' }, 'e1')).toEqual(metadata);
    expect(storedMetadata({ schemaVersion: 1 }, 'e2')).toEqual({ schemaVersion: 1 });
    expect(storedMetadata(undefined, 'e3')).toEqual({});
    expect(() => storedMetadata(new Uint8Array([1, 2]), 'e4')).toThrow(/e4/);
    expect(METADATA_PROPERTY.startsWith('$')).toBe(false);
  });

  it("turns the client's revision conflict into the port's, naming the stream and the entry's expected revision", () => {
    const [a, b] = [stream(), stream()];
    const appends: StreamAppend[] = [
      { streamId: a, events: [event()], expectedRevision: 'no_stream' },
      { streamId: b, events: [event()], expectedRevision: 3n },
    ];
    const error = conflictOf(new WrongExpectedVersionError(undefined, { streamName: b, expected: 3n, current: 5n }), appends);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect([error!.streamId, error!.expected, error!.actual]).toEqual([b, 3n, 5n]);
    const absent = conflictOf(new WrongExpectedVersionError(undefined, { streamName: b, expected: 3n, current: 'no_stream' }), appends);
    expect(absent!.actual).toBe(-1n);
  });

  it('names the first violated check by index, the checks being in the entries order', () => {
    const [a, b, c] = [stream(), stream(), stream()];
    const appends: StreamAppend[] = [
      { streamId: a, events: [event()], expectedRevision: 'no_stream' },
      { streamId: b, events: [], expectedRevision: 0n },
      { streamId: c, events: [], expectedRevision: 'no_stream' },
    ];
    const violations = [
      { checkIndex: 2, streamState: { stream: c, expectedState: '-1', actualState: '0' } },
      { checkIndex: 1, streamState: { stream: b, expectedState: '0', actualState: '4' } },
    ];
    const error = conflictOf(new AppendConsistencyViolationError(undefined as never, { violationsList: violations } as never), appends);
    expect([error!.streamId, error!.expected, error!.actual]).toEqual([b, 0n, 4n]);
    expect(conflictOf(new UnavailableError(), appends)).toBeUndefined();
  });
});

describe('EventStoreDB multi-stream append: which mode a server gets', () => {
  it.each([
    [{ appendRecords: true, multiStreamAppend: true }, 'append-records'],
    [{ appendRecords: false, multiStreamAppend: true }, 'multi-stream-append'],
    [{ appendRecords: false, multiStreamAppend: false }, 'sequential'],
  ] as const)('server %o: %s, and the probes write nothing', async (features, mode) => {
    const client = new FakeClient({ ...features });
    expect(await detectMultiAppendMode(client)).toBe(mode);
    expect(client.streams.size).toBe(0);
  });

  it('throws the client UnavailableError, deciding nothing, when the server cannot be reached', async () => {
    // What the real client's feature-list request rejects with against a closed port: the bare gRPC error.
    const refused = () => Promise.reject(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' }));
    await expect(detectMultiAppendMode({ appendRecords: refused, multiStreamAppend: refused })).rejects.toBeInstanceOf(UnavailableError);
    const converted = () => Promise.reject(new UnavailableError());
    await expect(detectMultiAppendMode({ appendRecords: converted, multiStreamAppend: converted })).rejects.toBeInstanceOf(UnavailableError);
  });

  it('steps down one mode when a call meets a server without the method', () => {
    expect([modeBelow('append-records'), modeBelow('multi-stream-append')]).toEqual(['multi-stream-append', 'sequential']);
  });
});

describe('EventStoreDB multi-stream append: one atomic call', () => {
  it('on appendRecords, sends the writing entries as records and every entry as a check, in order', async () => {
    const client = new FakeClient({ appendRecords: true, multiStreamAppend: true });
    const [a, fact] = [stream(), stream()];
    await client.appendToStream(fact, [{ id: randomUUID(), contentType: 'application/json', type: 'F', data: {}, metadata: undefined }]);
    const revisions = await appendAtomically(client, [{ streamId: a, events: [event(), event()], expectedRevision: 'no_stream' }, { streamId: fact, events: [], expectedRevision: 0n }], 'append-records');
    expect(client.calls.at(-1)).toBe(`appendRecords ${a},${a} checks ${a},${fact}`);
    expect(revisions.get(a)).toBe(1n);
  });

  it('passes UnsupportedError through, so the caller can step down', async () => {
    const client = new FakeClient({ appendRecords: false, multiStreamAppend: false });
    await expect(appendAtomically(client, [{ streamId: stream(), events: [event()], expectedRevision: 'any' }], 'multi-stream-append')).rejects.toBeInstanceOf(UnsupportedError);
  });
});

describe(EsdbEventStore.name, () => {
  it('KurrentDB 26.1+: writes and conditions in one call; a moved condition stream refuses it all', async () => {
    const { client, store, log } = storeOver({ appendRecords: true, multiStreamAppend: true });
    const [a, b, fact] = [stream(), stream(), stream()];
    await store.appendToStream(fact, [event()], { expectedRevision: 'no_stream' });
    const results = await store.appendToStreams([
      { streamId: a, events: [event('A1'), event('A2')], expectedRevision: 'no_stream' },
      { streamId: b, events: [event('B1')], expectedRevision: 'no_stream' },
      { streamId: fact, events: [], expectedRevision: 0n },
    ]);
    const readA = await store.readStream(a);
    const [readB] = await store.readStream(b);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 0n, 0n]);
    expect(results.map((r) => r.position)).toEqual([readA[1].position, readB.position, readB.position]);
    expect(readA[0].position < readA[1].position && readA[1].position < readB.position).toBe(true);
    expect(readB.position).toBe(packPosition(client.streams.get(b)![0].position));
    expect(client.calls.filter((c) => c.startsWith('appendRecords thing-')).length).toBe(1);

    await store.appendToStream(fact, [event()], { expectedRevision: 0n });
    const c = stream();
    const error = await conflict(store.appendToStreams([{ streamId: c, events: [event()], expectedRevision: 'no_stream' }, { streamId: fact, events: [], expectedRevision: 0n }]));
    expect([error.streamId, error.expected, error.actual]).toEqual([fact, 0n, 1n]);
    expect(await store.readStream(c)).toEqual([]);
    expect(log).toEqual([expect.stringContaining('appendRecords, KurrentDB 26.1+')]);
  });

  it('KurrentDB 25.1: the written streams all or none; a stale condition is refused by the read before any write', async () => {
    const { client, store, log } = storeOver({ appendRecords: false, multiStreamAppend: true });
    const [a, b, fact] = [stream(), stream(), stream()];
    await store.appendToStream(b, [event()], { expectedRevision: 'no_stream' });
    const error = await conflict(
      store.appendToStreams([
        { streamId: a, events: [event()], expectedRevision: 'no_stream' },
        { streamId: b, events: [event()], expectedRevision: 'no_stream' },
      ]),
    );
    expect([error.streamId, error.expected, error.actual]).toEqual([b, 'no_stream', 0n]);
    expect(await store.readStream(a)).toEqual([]);

    const refused = await conflict(store.appendToStreams([{ streamId: a, events: [event()], expectedRevision: 'no_stream' }, { streamId: fact, events: [], expectedRevision: 0n }]));
    expect([refused.streamId, refused.actual]).toEqual([fact, -1n]);
    expect(client.calls.filter((x) => x.startsWith('multiStreamAppend thing-')).length).toBe(1);

    const [written, condition] = await store.appendToStreams([{ streamId: a, events: [event()], expectedRevision: 'no_stream' }, { streamId: b, events: [], expectedRevision: 0n }]);
    expect([written.nextExpectedRevision, condition.nextExpectedRevision, condition.position]).toEqual([0n, 0n, written.position]);
    expect(client.calls.at(-1)).toBe(`multiStreamAppend ${a}`);
    expect(log).toEqual([expect.stringContaining('multiStreamAppend, KurrentDB 25.1+')]);
  });

  it('keeps metadata of any JSON shape through the atomic append', async () => {
    const { store } = storeOver({ appendRecords: false, multiStreamAppend: true });
    const [a, b] = [stream(), stream()];
    const metadata = { schemaVersion: 2, causation: { id: 'x', chain: [1, null] } };
    await store.appendToStreams([
      { streamId: a, events: [event('A', metadata)], expectedRevision: 'no_stream' },
      { streamId: b, events: [event('B', metadata)], expectedRevision: 'no_stream' },
    ]);
    expect([(await store.readStream(a))[0].metadata, (await store.readStream(b))[0].metadata]).toEqual([metadata, metadata]);
  });

  it('older servers: conditions read, then one append per writing entry, in the entries order; decided once', async () => {
    const { client, store, log } = storeOver({ appendRecords: false, multiStreamAppend: false });
    const [a, b] = [stream(), stream()];
    await store.appendToStreams([{ streamId: a, events: [event()], expectedRevision: 'no_stream' }, { streamId: b, events: [event()], expectedRevision: 'no_stream' }]);
    await store.appendToStreams([{ streamId: a, events: [event()], expectedRevision: 0n }, { streamId: b, events: [], expectedRevision: 0n }]);
    expect(client.calls).toEqual([`appendToStream ${a}`, `appendToStream ${b}`, `appendToStream ${a}`]);
    expect(log).toEqual([expect.stringContaining('no multi-stream append')]);
  });

  it('steps down when a call meets a node without the method, and says so', async () => {
    const { client, store, log } = storeOver({ appendRecords: true, multiStreamAppend: true });
    expect(await store.multiAppendMode()).toBe('append-records');
    client.features.appendRecords = false;
    const [a, b] = [stream(), stream()];
    const results = await store.appendToStreams([{ streamId: a, events: [event()], expectedRevision: 'no_stream' }, { streamId: b, events: [event()], expectedRevision: 'no_stream' }]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0n, 0n]);
    expect(await store.multiAppendMode()).toBe('multi-stream-append');
    expect(log[1]).toMatch(/appendRecords requires server version 26\.1.*multiStreamAppend, KurrentDB 25\.1\+/);
  });
});
