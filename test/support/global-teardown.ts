import { rmSync } from 'node:fs';

/** Jest global teardown: stops the containers `global-setup` started, if any, and removes the run's cache folder. */
export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __ppContainers?: Array<() => Promise<unknown>> }).__ppContainers ?? [];
  await Promise.all(stops.map((stop) => stop()));
  const cache = (globalThis as { __ppRunCache?: string }).__ppRunCache;
  if (cache) {
    rmSync(cache, { recursive: true, force: true });
    delete process.env.PP_TEST_RUN_CACHE;
  }
}
