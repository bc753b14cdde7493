import { InMemoryEventStore } from './in-memory.event-store';
import { describeEventStoreContract } from './testing/event-store.contract';

describeEventStoreContract(
  'in-memory',
  {
    create: async () => new InMemoryEventStore(),
    dispose: async (store) => store.close(),
  },
  // One thread: writers interleave only at awaits, so a larger volume proves no more (400 per writer on PostgreSQL).
  { writers: 8, eventsPerWriter: 100 },
);
