import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child process of the service, with what it printed so far and a promise of its exit. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  output(): string;
  /** The exit code, or the signal that ended it (Nest re-raises SIGTERM on itself once shut down). */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Starts `app` (the api or the projector) as a process of its own, with `env` over this process's
 * environment. `compiled` runs `dist/` (built by `nest build api`; starts in about a second), else
 * the TypeScript sources through ts-node (no build, slower to start). `nodeArgs` go to node before
 * the entry (the bench's `--cpu-prof`).
 * @throws Error when `compiled` and dist/ is missing.
 */
export function startService(app: 'api' | 'projector', env: NodeJS.ProcessEnv, options: { compiled?: boolean; nodeArgs?: readonly string[] } = {}): ServiceProcess {
  const entry = options.compiled ? `dist/apps/${app}/src/main.js` : `apps/${app}/src/main.ts`;
  if (options.compiled && !existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const args = [...(options.nodeArgs ?? []), ...(options.compiled ? [entry] : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry])];
  // The projector's probe port: any free one unless the test names it (tests run side by side).
  const defaults = app === 'projector' ? { PROJECTOR_PORT: '0' } : {};
  const child = spawn(process.execPath, args, { cwd: process.cwd(), env: { ...process.env, NODE_OPTIONS: '', ...defaults, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out, exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal))) };
}

/**
 * Stops a service: SIGTERM (graceful), then SIGKILL if it has not exited within `timeoutMs`.
 * @returns how it exited (code or signal).
 */
export async function stopService(service: ServiceProcess, timeoutMs = 15_000): Promise<number | NodeJS.Signals | null> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return service.exited;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
  try {
    return await service.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A loopback port nothing listens on now (for a service's `PORT`: tests run side by side). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits for a condition with a load-scaled deadline: see `./wait`. */
export { until } from './wait';
