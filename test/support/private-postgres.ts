import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of the test's own (initdb in a temporary folder), which it may restart at will. */
export interface PrivatePostgres {
  readonly url: string;
  /** The postmaster's process id, to tell a restart happened. */
  pid(): number;
  /** `pg_ctl restart -m immediate`: every connection dropped at once, as in a crash, then back. Resolves once it accepts connections again. */
  restartAsync(): Promise<void>;
  stop(): void;
}

const run = (asPostgres: boolean, args: string[]) =>
  execFileSync(asPostgres ? 'runuser' : args[0], asPostgres ? ['-u', 'postgres', '--', ...args] : args.slice(1), { stdio: 'pipe', timeout: 60_000 }).toString();

const runAsync = (asPostgres: boolean, args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile(asPostgres ? 'runuser' : args[0], asPostgres ? ['-u', 'postgres', '--', ...args] : args.slice(1), { timeout: 60_000 }, (error) => (error ? reject(error) : resolve())),
  );

/**
 * Why a private cluster cannot be made here, or undefined when it can: initdb and pg_ctl on the
 * PATH, and as root a `postgres` user to run it as.
 */
export function privatePostgresUnavailable(): string | undefined {
  try {
    execFileSync('initdb', ['--version'], { stdio: 'ignore' });
    execFileSync('pg_ctl', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'initdb and pg_ctl are not on the PATH (PostgreSQL server binaries)';
  }
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
      execFileSync('runuser', ['--help'], { stdio: 'ignore' });
    } catch {
      return 'running as root without a postgres user (or runuser) to run PostgreSQL as';
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a throw-away cluster, never the machine's shared one: a fault test restarting
 * that would break every other test running beside it. As root, the cluster runs as the `postgres`
 * user (PostgreSQL refuses to run as root).
 * @returns the cluster, or why it cannot be made here (no initdb/pg_ctl on the PATH, no postgres user).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres | { skip: string }> {
  const asPostgres = process.getuid?.() === 0;
  const unavailable = privatePostgresUnavailable();
  if (unavailable) return { skip: unavailable };
  const dir = mkdtempSync(join(tmpdir(), 'pp-pg-'));
  const data = join(dir, 'data');
  if (asPostgres) {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      return { skip: 'running as root and there is no postgres user to run PostgreSQL as' };
    }
  }
  const port = await freePort();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (existsSync(join(data, 'postmaster.pid'))) run(asPostgres, ['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Never leave a server behind, whatever ends the test process.
  process.once('exit', stop);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=100`;
  try {
    run(asPostgres, ['initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-instructions']);
    run(asPostgres, ['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', 'start']);
  } catch (error) {
    stop();
    throw error;
  }
  const pid = () => Number(run(asPostgres, ['head', '-1', join(data, 'postmaster.pid')]).trim());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    // Not execFileSync: the test's own clients must keep sending while the server is down.
    restartAsync: () => runAsync(asPostgres, ['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-o', opts, '-m', 'immediate', '-w', 'restart']),
    stop,
  };
}
