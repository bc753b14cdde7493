import { InMemoryEventStore } from './in-memory.event-store';
import { describeEventStoreContract } from './testing/event-store.contract';

describeEventStoreContract('in-memory', {
  create: async () => new InMemoryEventStore(),
  dispose: async (store) => store.close(),
});
