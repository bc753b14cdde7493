import { execFileSync } from 'node:child_process';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb.event-store';

/**
 * Where the EventStoreDB contract runs: against `EVENTSTORE_CONNECTION_STRING` when set, else in a
 * container started through testcontainers when a Docker engine answers, else nowhere (reported as
 * skipped with the reason; this is the case on the development machine, which has no Docker engine).
 */
function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

const configured = process.env.EVENTSTORE_CONNECTION_STRING;
const docker = !configured && dockerAnswers();

if (!configured && !docker) {
  process.stdout.write('SKIPPED "EventStore contract: EventStoreDB": neither EVENTSTORE_CONNECTION_STRING is set nor a Docker engine reachable for testcontainers\n');
  describe.skip('EventStore contract: EventStoreDB', () => {
    it('needs EVENTSTORE_CONNECTION_STRING or Docker', () => undefined);
  });
} else {
  let stopContainer: (() => Promise<unknown>) | undefined;
  describeEventStoreContract('EventStoreDB', {
    create: async () => {
      if (configured) return EsdbEventStore.connect(configured);
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('eventstore/eventstore:24.10')
        .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      stopContainer = () => container.stop();
      return EsdbEventStore.connect(`esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`);
    },
    dispose: async (store) => {
      await store.close();
      await stopContainer?.();
    },
  });
}
