import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb.event-store';

/**
 * The EventStoreDB contract runs against `EVENTSTORE_CONNECTION_STRING`: set by the operator, or by
 * the jest global setup (test/support/global-setup.ts), which starts EventStoreDB through
 * testcontainers when a Docker engine answers. Without either it is reported as skipped with the
 * reason; this is the case on the development machine, which has no Docker engine.
 */
const configured = process.env.EVENTSTORE_CONNECTION_STRING;

if (!configured) {
  process.stdout.write('SKIPPED "EventStore contract: EventStoreDB": EVENTSTORE_CONNECTION_STRING is not set and no Docker engine answered for testcontainers\n');
  describe.skip('EventStore contract: EventStoreDB', () => {
    it('needs EVENTSTORE_CONNECTION_STRING or Docker', () => undefined);
  });
} else {
  describeEventStoreContract('EventStoreDB', {
    create: async () => EsdbEventStore.connect(configured),
    dispose: async (store) => store.close(),
  }, undefined, { atomicMultiStreamAppend: false });
}
