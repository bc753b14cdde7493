import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { capabilitiesOf, MULTI_APPEND_MODE_VARIABLE, parseMultiAppendMode } from '../testing/esdb-server';
import { EsdbEventStore } from './esdb.event-store';

/**
 * The EventStoreDB contract runs against `EVENTSTORE_CONNECTION_STRING`: set by the operator, or by
 * the jest global setup (test/support/global-setup.ts), which starts KurrentDB through
 * testcontainers when a Docker engine answers. Without either it is reported as skipped with the
 * reason; this is the case on the development machine, which has no Docker engine.
 *
 * Which atomicity tests apply depends on the server, and jest collects tests before any of them
 * runs: the global setup asks the server (`EVENTSTORE_MULTI_APPEND_MODE`), and the first test here
 * checks that the adapter decides the same.
 */
const configured = process.env.EVENTSTORE_CONNECTION_STRING;
const announced = parseMultiAppendMode(process.env[MULTI_APPEND_MODE_VARIABLE]);

if (!configured) {
  process.stdout.write('SKIPPED "EventStore contract: EventStoreDB": EVENTSTORE_CONNECTION_STRING is not set and no Docker engine answered for testcontainers\n');
  describe.skip('EventStore contract: EventStoreDB', () => {
    it('needs EVENTSTORE_CONNECTION_STRING or Docker', () => undefined);
  });
} else {
  describe('EventStoreDB multi-stream append on this server', () => {
    let store: EsdbEventStore;
    beforeAll(() => {
      store = EsdbEventStore.connect(configured);
    });
    afterAll(async () => {
      await store.close();
    });

    (announced ? it : it.skip)(`decides the mode the global setup found (${announced ?? 'none announced'})`, async () => {
      expect(await store.multiAppendMode()).toBe(announced);
    });

    it('keeps metadata of any JSON shape through a multi-stream append', async () => {
      const [a, b] = [`meta-${randomUUID()}`, `meta-${randomUUID()}`];
      const metadata = { schemaVersion: 1, causation: { id: randomUUID(), chain: [1, 'two', null] }, flag: true };
      await store.appendToStreams([
        { streamId: a, events: [{ eventId: randomUUID(), type: 'A', data: { n: 1 }, metadata }], expectedRevision: 'no_stream' },
        { streamId: b, events: [{ eventId: randomUUID(), type: 'B', data: { n: 2 }, metadata }], expectedRevision: 'no_stream' },
      ]);
      const [ra] = await store.readStream(a);
      const [rb] = await store.readStream(b);
      expect([ra.metadata, rb.metadata]).toEqual([metadata, metadata]);
      expect([ra.data, rb.data]).toEqual([{ n: 1 }, { n: 2 }]);
    });
  });

  describeEventStoreContract(
    'EventStoreDB',
    {
      create: async () => EsdbEventStore.connect(configured),
      dispose: async (store) => store.close(),
    },
    undefined,
    capabilitiesOf(announced),
  );
}
