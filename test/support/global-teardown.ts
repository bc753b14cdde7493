/** Jest global teardown: stops the containers `global-setup` started, if any. */
export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __ppContainers?: Array<() => Promise<unknown>> }).__ppContainers ?? [];
  await Promise.all(stops.map((stop) => stop()));
}
