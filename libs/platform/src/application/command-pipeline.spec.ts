import { AppendResult, EventData, ExpectedRevision, InMemoryEventStore } from '@pp/event-store';
import { Decider } from '../domain/decider';
import { DomainError } from '../domain/domain-error';
import { CommandContext } from './command-context';
import { CommandPipeline, withCommandReads } from './command-pipeline';
import { StreamReads } from './stream-reads';
import { eventHash } from './integrity';
import { registerUpcaster } from './schema-registry';

type Counted = { type: 'Counted'; data: { by: number } };
const counter: Decider<{ add: number; max?: number }, { total: number }, Counted> = {
  initialState: { total: 0 },
  evolve: (s, e) => ({ total: s.total + e.data.by }),
  decide: (c, s) => {
    if (c.max !== undefined && s.total + c.add > c.max) throw new DomainError('OVER_MAX', 'rule', 'too much');
    return c.add === 0 ? [] : [{ type: 'Counted', data: { by: c.add } }];
  },
};

const context: CommandContext = { actor: { role: 'service', id: 'svc' }, now: new Date('2026-11-23T03:00:00Z'), correlationId: 'c-1', causationId: 'r-1' };

/** A store whose next appends fail with a conflict after letting a rival append go through. */
class RivalStore extends InMemoryEventStore {
  rivalsLeft = 0;
  override async appendToStream(stream: string, events: readonly EventData[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.rivalsLeft > 0) {
      this.rivalsLeft -= 1;
      await super.appendToStream(stream, [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 5 }, metadata: {} }], { expectedRevision: 'any' });
    }
    return super.appendToStream(stream, events, options);
  }
}

describe(CommandPipeline.name, () => {
  it('appends the decided events with the expected revision and full metadata', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    const first = await pipeline.execute({ streamId: 'counter-1', decider: counter, command: { add: 2 }, commandName: 'Count', context, deciderContext: undefined });
    expect(first.revision).toBe(0n);
    expect(first.state).toEqual({ total: 2 });
    const [event] = await store.readStream('counter-1');
    expect(event.metadata).toEqual({ eventId: event.eventId, schemaVersion: 1, correlationId: 'c-1', causationId: 'r-1', actor: { role: 'service', id: 'svc' }, command: 'Count', occurredAt: '2026-11-23T03:00:00.000Z', previousHash: null, hash: eventHash(event) });
  });

  it('decides again on the new state after a concurrent change', async () => {
    const store = new RivalStore();
    const pipeline = new CommandPipeline(store);
    await pipeline.execute({ streamId: 'counter-2', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined });
    store.rivalsLeft = 1;
    // The rival adds 5: with it the total would pass the maximum, so the retried decision refuses.
    await expect(pipeline.execute({ streamId: 'counter-2', decider: counter, command: { add: 3, max: 8 }, commandName: 'Count', context, deciderContext: undefined })).rejects.toMatchObject({ code: 'OVER_MAX' });
    expect((await store.readStream('counter-2')).map((e) => e.data.by)).toEqual([1, 5]);
  });

  it('keeps deciding again while conflicts last, then gives up with CONCURRENCY_CONFLICT at the deadline, having appended nothing', async () => {
    const store = new RivalStore();
    // More rivals than the old fixed cap of 10 retries: the command still gets through.
    store.rivalsLeft = 25;
    const through = await new CommandPipeline(store).execute({ streamId: 'counter-3', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined });
    expect(through.state.total).toBe(25 * 5 + 1);
    store.rivalsLeft = Number.MAX_SAFE_INTEGER;
    const started = Date.now();
    const error = await new CommandPipeline(store, undefined, { conflictRetryDeadlineMs: 200 }).execute({ streamId: 'counter-3b', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('CONCURRENCY_CONFLICT');
    expect((error as DomainError).kind).toBe('conflict');
    expect((await store.readStream('counter-3b')).every((e) => e.data.by === 5)).toBe(true);
  });

  it('runs commands on one stream one at a time in the process, so concurrent ones never conflict', async () => {
    const store = new InMemoryEventStore();
    const appends = jest.spyOn(store, 'appendToStream');
    const pipeline = new CommandPipeline(store);
    await Promise.all(Array.from({ length: 30 }, () => pipeline.execute({ streamId: 'counter-q', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined })));
    expect((await store.readStream('counter-q')).length).toBe(30);
    expect(appends).toHaveBeenCalledTimes(30);
  });

  it('refuses a command that runs another on its own stream from inside, instead of waiting for itself', async () => {
    const pipeline = new CommandPipeline(new InMemoryEventStore());
    const nested = pipeline.execute({
      streamId: 'counter-n',
      decider: counter,
      command: { add: 1 },
      commandName: 'Count',
      context,
      deciderContext: async () => void (await pipeline.execute({ streamId: 'counter-n', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined })),
    });
    await expect(nested).rejects.toThrow(/would wait for itself/);
    // The stream's turn was given back: the next command runs.
    expect((await pipeline.execute({ streamId: 'counter-n', decider: counter, command: { add: 2 }, commandName: 'Count', context, deciderContext: undefined })).state.total).toBe(2);
  });

  it('appends with every stream the facts were read from as a condition, and decides again when one moved', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    await store.appendToStream('limit-1', [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 3 }, metadata: {} }], { expectedRevision: 'no_stream' });
    let attempts = 0;
    const result = await pipeline.execute({
      streamId: 'counter-f',
      decider: counter,
      command: { add: 1 },
      commandName: 'Count',
      context,
      deciderContext: async (_state: { total: number }, reads: StreamReads) => {
        attempts += 1;
        await pipeline.load('limit-1', counter, reads);
        // The fact's stream moves after the first read: that attempt must not commit.
        if (attempts === 1) await store.appendToStream('limit-1', [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 1 }, metadata: {} }], { expectedRevision: 0n });
        return undefined;
      },
    });
    expect(attempts).toBe(2);
    expect(result.revision).toBe(0n);
    expect(await store.readStream('limit-1')).toHaveLength(2);
  });

  it('writes linked events to a stream it read, in the same append, chained to that stream', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    await pipeline.execute({ streamId: 'claim-1', decider: counter, command: { add: 7 }, commandName: 'Count', context, deciderContext: undefined });
    await pipeline.execute({
      streamId: 'counter-l',
      decider: counter,
      command: { add: 2 },
      commandName: 'Count',
      context,
      deciderContext: async (_s: { total: number }, reads: StreamReads) => void (await pipeline.load('claim-1', counter, reads)),
      linkedWrites: () => [{ streamId: 'claim-1', events: [{ type: 'Counted', data: { by: 1 } }] }],
    });
    const claim = await store.readStream('claim-1');
    expect(claim.map((e) => e.data.by)).toEqual([7, 1]);
    expect(claim[1].metadata.previousHash).toBe(claim[0].metadata.hash);
    expect(claim[1].metadata.hash).toBe(eventHash(claim[1]));
    expect(claim[1].position < (await store.readStream('counter-l'))[0].position).toBe(true);
  });

  it('starts from a preloaded read, and decides again on a fresh one when that read has gone stale', async () => {
    const store = new InMemoryEventStore();
    const reads = jest.spyOn(store, 'readStream');
    const pipeline = new CommandPipeline(store);
    const preloaded = await pipeline.preload('counter-p', counter);
    const fresh = await pipeline.execute({ streamId: 'counter-p', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined, preloaded });
    expect(fresh.state).toEqual({ total: 1 });
    expect(reads).toHaveBeenCalledTimes(1);
    // Stale now (the stream moved on): the append conflicts, the retry reads, and the maximum holds.
    await pipeline.execute({ streamId: 'counter-p', decider: counter, command: { add: 6 }, commandName: 'Count', context, deciderContext: undefined });
    await expect(pipeline.execute({ streamId: 'counter-p', decider: counter, command: { add: 3, max: 8 }, commandName: 'Count', context, deciderContext: undefined, preloaded })).rejects.toMatchObject({ code: 'OVER_MAX' });
    expect((await store.readStream('counter-p')).map((e) => e.data.by)).toEqual([1, 6]);
    await expect(pipeline.execute({ streamId: 'counter-other', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined, preloaded })).rejects.toThrow('is not counter-other');
  });

  it('appends nothing when the decision is empty', async () => {
    const store = new InMemoryEventStore();
    const result = await new CommandPipeline(store).execute({ streamId: 'counter-4', decider: counter, command: { add: 0 }, commandName: 'Count', context, deciderContext: undefined });
    expect(result.events).toEqual([]);
    expect(result.revision).toBe(-1n);
    expect(await store.headPosition()).toBe(0n);
  });

  it('answers a keyed command retried after its events were written with the first outcome, not a new decision', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    const keyed = { ...context, idempotencyKey: '["service","svc",null,"key-1"]' };
    const run = () => pipeline.execute({ streamId: 'counter-5', decider: counter, command: { add: 3, max: 4 }, commandName: 'Count', context: keyed, deciderContext: undefined });
    const first = await run();
    // Decided again now, the same command would be refused (3 + 3 > 4); the retry gets the first answer.
    const again = await run();
    expect(again.revision).toBe(first.revision);
    expect(again.position).toBe(first.position);
    expect(again.events).toEqual([]);
    expect(await store.readStream('counter-5')).toHaveLength(1);
  });

  it('never dates an event before its predecessor in the stream', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    await pipeline.execute({ streamId: 'counter-9', decider: counter, command: { add: 1 }, commandName: 'Count', context: { ...context, now: new Date('2026-11-23T03:00:01Z') }, deciderContext: undefined });
    await pipeline.execute({ streamId: 'counter-9', decider: counter, command: { add: 1 }, commandName: 'Count', context: { ...context, now: new Date('2026-11-23T03:00:00Z') }, deciderContext: undefined });
    expect((await store.readStream('counter-9')).map((e) => e.metadata.occurredAt)).toEqual(['2026-11-23T03:00:01.000Z', '2026-11-23T03:00:01.000Z']);
  });

  it('chains every event to its predecessor by hash', async () => {
    const store = new InMemoryEventStore();
    const pipeline = new CommandPipeline(store);
    await pipeline.execute({ streamId: 'counter-8', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined });
    await pipeline.execute({ streamId: 'counter-8', decider: counter, command: { add: 2 }, commandName: 'Count', context, deciderContext: undefined });
    const [a, b] = await store.readStream('counter-8');
    expect(a.metadata.previousHash).toBeNull();
    expect(a.metadata.hash).toBe(eventHash(a));
    expect(b.metadata.previousHash).toBe(a.metadata.hash);
    expect(b.metadata.hash).toBe(eventHash(b));
    expect(eventHash({ ...b, data: { by: 3 } })).not.toBe(b.metadata.hash);
  });

  it('upcasts old event versions while loading', async () => {
    registerUpcaster('Measured', 1, (data) => ({ by: Number(data.amount) }));
    const store = new InMemoryEventStore();
    await store.appendToStream('counter-6', [{ eventId: crypto.randomUUID(), type: 'Measured', data: { amount: '4' }, metadata: { schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    const upcastingCounter = { ...counter, evolve: (s: { total: number }, e: { type: string; data: { by: number } }) => ({ total: s.total + e.data.by }) };
    const loaded = await new CommandPipeline(store).load('counter-6', upcastingCounter as never);
    expect(loaded.state).toEqual({ total: 4 });
  });

  it('passes store errors other than conflicts through', async () => {
    const store = new InMemoryEventStore();
    store.appendToStream = async () => {
      throw new Error('disk full');
    };
    await expect(new CommandPipeline(store).execute({ streamId: 'counter-7', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined })).rejects.toThrow('disk full');
  });

  describe('read cache', () => {
    /** A store that counts its stream reads. */
    const counting = () => {
      const store = new InMemoryEventStore();
      const reads: string[] = [];
      const readStream = store.readStream.bind(store);
      store.readStream = async (streamId, options) => {
        reads.push(streamId);
        return readStream(streamId, options);
      };
      const multi: string[][] = [];
      const readStreams = store.readStreams.bind(store);
      store.readStreams = async (streamIds) => {
        multi.push([...streamIds]);
        return readStreams(streamIds);
      };
      return { store, reads, multi };
    };

    it('reads each stream once per attempt, the own stream included, however often the facts read it', async () => {
      const { store, reads } = counting();
      const pipeline = new CommandPipeline(store);
      await pipeline.execute({ streamId: 'counter-r1', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: undefined });
      reads.length = 0;
      await pipeline.execute({
        streamId: 'counter-r1',
        decider: counter,
        command: { add: 1 },
        commandName: 'Count',
        context,
        deciderContext: async (_state: { total: number }, facts: StreamReads) => {
          await pipeline.load('fact-r1', counter, facts);
          await pipeline.load('fact-r1', counter);
          await pipeline.load('counter-r1', counter);
          return undefined;
        },
      });
      expect(reads).toEqual(['counter-r1', 'fact-r1']);
    });

    it('shares reads made before the command within one scope, and reads afresh after a conflict and after its own append', async () => {
      const { store, reads } = counting();
      const pipeline = new CommandPipeline(store);
      await withCommandReads(async () => {
        await pipeline.load('fact-r2', counter);
        await pipeline.execute({ streamId: 'counter-r2', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: async (_s: { total: number }, facts: StreamReads) => void (await pipeline.load('fact-r2', counter, facts)) });
        expect(reads).toEqual(['fact-r2', 'counter-r2']);
        // The command's own append drops its stream: a later read sees the new event.
        expect((await pipeline.load('counter-r2', counter)).state).toEqual({ total: 1 });
        expect(reads).toEqual(['fact-r2', 'counter-r2', 'counter-r2']);
        // A fact that moved under the cache: the attempt conflicts, and the next reads both streams again.
        await store.appendToStream('fact-r2', [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 1 }, metadata: {} }], { expectedRevision: 'any' });
        reads.length = 0;
        const done = await pipeline.execute({ streamId: 'counter-r2', decider: counter, command: { add: 1 }, commandName: 'Count', context, deciderContext: async (_s: { total: number }, facts: StreamReads) => void (await pipeline.load('fact-r2', counter, facts)) });
        expect(done.state).toEqual({ total: 2 });
        expect(reads).toEqual(['counter-r2', 'fact-r2']);
      });
    });

    it('prefetches into a command scope in one read, skipping what it holds; outside one it reads nothing', async () => {
      const { store, reads, multi } = counting();
      const pipeline = new CommandPipeline(store);
      await store.appendToStream('fact-p1', [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 4 }, metadata: {} }], { expectedRevision: 'no_stream' });
      await pipeline.prefetch(['fact-p1', 'fact-p2']);
      expect(multi).toEqual([]);
      await withCommandReads(async () => {
        await pipeline.load('fact-p3', counter);
        await pipeline.prefetch(['fact-p1', 'fact-p2', 'fact-p1', 'fact-p3']);
        expect((await pipeline.load('fact-p1', counter)).state).toEqual({ total: 4 });
        expect((await pipeline.load('fact-p2', counter)).revision).toBe(-1n);
        // One stream left to read is read as without a prefetch.
        await pipeline.prefetch(['fact-p3', 'fact-p4']);
      });
      expect(multi).toEqual([['fact-p1', 'fact-p2']]);
      expect(reads).toEqual(['fact-p3']);
    });

    it('reads the prefetched facts with its own stream in one read on every attempt, and appends on their revisions', async () => {
      const { store, reads, multi } = counting();
      const pipeline = new CommandPipeline(store);
      let rival = true;
      const done = await pipeline.execute({
        streamId: 'counter-p5',
        decider: counter,
        command: { add: 1 },
        commandName: 'Count',
        context,
        prefetch: ['fact-p5'],
        deciderContext: async (_s: { total: number }, facts: StreamReads) => {
          await pipeline.load('fact-p5', counter, facts);
          // A fact that moves after the read: the append must fail on it, and the next attempt read it again.
          if (rival) await store.appendToStream('fact-p5', [{ eventId: crypto.randomUUID(), type: 'Counted', data: { by: 1 }, metadata: {} }], { expectedRevision: 'any' });
          rival = false;
          return undefined;
        },
      });
      expect(done.state).toEqual({ total: 1 });
      expect(multi).toEqual([
        ['counter-p5', 'fact-p5'],
        ['counter-p5', 'fact-p5'],
      ]);
      expect(reads).toEqual([]);
    });
  });
});
