import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { madeOncePerRun, RUN_CACHE_VARIABLE } from './run-cache';

describe(madeOncePerRun.name, () => {
  let folder: string;
  const before = process.env[RUN_CACHE_VARIABLE];
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'pp-run-cache-spec-'));
    process.env[RUN_CACHE_VARIABLE] = folder;
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
    if (before === undefined) delete process.env[RUN_CACHE_VARIABLE];
    else process.env[RUN_CACHE_VARIABLE] = before;
  });

  it('makes it once for concurrent callers, and publishes it whole', async () => {
    let makes = 0;
    const make = async (path: string) => {
      makes += 1;
      writeFileSync(path, 'half');
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeFileSync(path, 'whole');
    };
    const paths = await Promise.all([madeOncePerRun('thing', make), madeOncePerRun('thing', make), madeOncePerRun('thing', make)]);
    expect(new Set(paths)).toEqual(new Set([join(folder, 'thing')]));
    expect([makes, readFileSync(paths[0], 'utf8')]).toEqual([1, 'whole']);
    expect(await madeOncePerRun('thing', make)).toBe(paths[0]);
    expect(makes).toBe(1);
    // Nothing left beside it: no lock, no temporary copy.
    expect(readdirSync(folder)).toEqual(['thing']);
  });

  it('takes over a lock whose maker died, and one left without a pid', async () => {
    mkdirSync(join(folder, 'dead.lock'));
    writeFileSync(join(folder, 'dead.lock', 'pid'), '999999999');
    expect(readFileSync(await madeOncePerRun('dead', async (path) => writeFileSync(path, 'made')), 'utf8')).toBe('made');
    mkdirSync(join(folder, 'nopid.lock'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, 'nopid.lock'), old, old);
    expect(readFileSync(await madeOncePerRun('nopid', async (path) => writeFileSync(path, 'made')), 'utf8')).toBe('made');
  });

  it('leaves nothing when making fails, so that the next caller makes it again', async () => {
    await expect(madeOncePerRun('broken', async (path) => {
      mkdirSync(path);
      throw new Error('initdb failed');
    })).rejects.toThrow('initdb failed');
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(await madeOncePerRun('broken', async (path) => mkdirSync(path)))).toBe(true);
  });
});
