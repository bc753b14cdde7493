import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from './in-memory.event-store';
import { hasEventCounting, hasSameDatabaseLog, hasSnapshotReads } from './types';

const note = () => [{ eventId: randomUUID(), type: 'Noted', data: { text: 'x' }, metadata: {} }];

describe('event store capabilities', () => {
  it('finds what the in-memory store offers, and only that', () => {
    const store = new InMemoryEventStore();
    expect([hasSnapshotReads(store), hasEventCounting(store), hasSameDatabaseLog(store)]).toEqual([true, true, false]);
  });

  it('counts the events of the in-memory log', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('notes-a', note(), { expectedRevision: 'no_stream' });
    await store.appendToStream('notes-a', note(), { expectedRevision: 0n });
    expect(await store.countEvents()).toBe(2n);
  });

  it('keeps an in-memory snapshot to the log as it was when taken', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('notes-a', note(), { expectedRevision: 'no_stream' });
    const seen = await store.withSnapshot(async (log) => {
      await store.appendToStream('notes-b', note(), { expectedRevision: 'no_stream' });
      return { events: (await log.readAll({ after: 0n, maxCount: 10 })).map((e) => e.streamId), heads: [...(await log.streamHeads())] };
    });
    expect(seen).toEqual({ events: ['notes-a'], heads: [['notes-a', 0n]] });
  });
});
