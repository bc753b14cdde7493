import { until } from '@pp/platform/testing/wait';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  } catch {
    return false;
  }
}

/**
 * A file or folder made once per test run, for every jest worker and every test file (issue 19).
 *
 * Why not a module-level promise: jest gives each test file its own module registry, so a promise
 * kept in a module is made again by every file; a new PGlite cluster (initdb) and the service's
 * migrations cost seconds each time on a busy machine. The first caller makes it under a lock (a
 * folder holding its pid, so that a lock left by a killed worker is taken over); the others wait.
 * @param name a file name in the run's folder, e.g. `pglite-empty.tar`.
 * @param make writes the file or folder at the given path; it is removed if `make` throws.
 * @param budgetMs what making it takes on an idle machine, generously: how long a second caller waits (load-scaled).
 * @returns the path of what was made.
 * @throws what `make` threw, or a timeout naming `name` when another worker's making never ends.
 */
export async function madeOncePerRun(name: string, make: (path: string) => Promise<void>, budgetMs = 60_000): Promise<string> {
  const folder = runFolder();
  const path = join(folder, name);
  const ready = `${path}.ready`;
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(ready)) return path;
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await until(
        () => {
          if (existsSync(ready) || !existsSync(lock)) return true;
          let owner = NaN;
          try {
            owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
          } catch {
            return false; // the owner has made the folder and not yet written its pid
          }
          if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) rmSync(lock, { recursive: true, force: true });
          return !existsSync(lock);
        },
        budgetMs,
        `${path}, made by another jest worker`,
      );
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      rmSync(path, { recursive: true, force: true });
      await make(path);
      writeFileSync(ready, '');
      return path;
    } catch (error) {
      rmSync(path, { recursive: true, force: true });
      throw error;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
