import { until } from '@pp/platform/testing/wait';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set by jest's global setup (test/support/global-setup.ts) to a folder that lives as long as the run. */
export const RUN_CACHE_VARIABLE = 'PP_TEST_RUN_CACHE';

let ownFolder: string | undefined;

/**
 * The folder shared by every jest worker and test file of this run; without the global setup (a
 * script that loads a test helper by itself), a folder of this process, removed when it exits.
 */
function runFolder(): string {
  const shared = process.env[RUN_CACHE_VARIABLE];
  if (shared) return shared;
  if (!ownFolder) {
    const folder = mkdtempSync(join(tmpdir(), 'pp-run-cache-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    ownFolder = folder;
  }
  return ownFolder;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A lock whose maker is gone: its pid is dead, or it never wrote one (killed right after mkdir) a while ago. */
function lockIsStale(lock: string): boolean {
  try {
    const owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return Number.isInteger(owner) && owner > 0 && !pidAlive(owner);
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false; // gone meanwhile
    }
  }
}

/**
 * A file or folder made once per test run, for every jest worker and every test file (issue 19).
 *
 * Why not a module-level promise: jest gives each test file its own module registry, so a promise
 * kept in a module is made again by every file; a new PGlite cluster (initdb) and the service's
 * migrations cost seconds each time on a busy machine.
 *
 * What is made is published whole: `make` writes a temporary path beside it, which is then renamed
 * into place, so `path` existing means it is complete, whoever made it. A lock (a folder holding its
 * maker's pid) only keeps the other workers from making it too: they wait, and take a lock over
 * when its maker is gone. Two makers at once (a lock taken over from a live but slow maker) cost
 * time, never a half-made copy: the second rename finds the first's folder and drops its own.
 * @param name a file name in the run's folder, e.g. `pglite-empty.tar`.
 * @param make writes the file or folder at the given (temporary) path, on the run folder's file system.
 * @param budgetMs what making it takes on an idle machine, generously: how long a second caller waits (load-scaled).
 * @returns the path of what was made.
 * @throws what `make` threw, or a timeout naming `name` when another worker's making never ends.
 */
export async function madeOncePerRun(name: string, make: (path: string) => Promise<void>, budgetMs = 60_000): Promise<string> {
  const folder = runFolder();
  const path = join(folder, name);
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(path)) return path;
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await until(
        () => {
          if (existsSync(path) || !existsSync(lock)) return true;
          if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
          return !existsSync(lock);
        },
        budgetMs,
        `${path}, made by another jest worker`,
      );
      continue;
    }
    const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      await make(temporary);
      try {
        renameSync(temporary, path);
      } catch (error) {
        // A folder published meanwhile by a maker that took the lock over: complete too, keep it.
        if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      }
      return path;
    } finally {
      rmSync(temporary, { recursive: true, force: true });
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
