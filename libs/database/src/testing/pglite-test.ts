import { PGlite } from '@electric-sql/pglite';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, openDatabase } from '../database';
import { madeOncePerRun } from './run-cache';

let emptyCluster: Promise<Blob> | undefined;

/**
 * A new, empty in-memory PGlite database for one test, opened from a dump of a freshly created
 * cluster made once per test run ({@link madeOncePerRun}): a new cluster runs initdb, which on a
 * busy machine took seconds per test (issue 19); loading the dump takes about a third of that.
 */
export async function openFreshPglite(): Promise<Database> {
  emptyCluster ??= (async () => {
    const path = await madeOncePerRun('pglite-empty.tar', async (file) => {
      const pglite = await PGlite.create();
      try {
        writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
      } finally {
        await pglite.close();
      }
    });
    return new Blob([readFileSync(path)]);
  })();
  return openDatabase({ kind: 'pglite', from: await emptyCluster });
}

let emptyFolder: Promise<string> | undefined;

/**
 * A new folder holding an empty, closed PGlite cluster, for a test of the on-disk store: a copy of
 * one made once per test run ({@link madeOncePerRun}), as initdb on disk took seconds per test on a
 * busy machine (issue 19). The caller removes the folder.
 * @param into where to put the cluster (a folder that does not exist yet, e.g. `<DATA_DIR>/pglite`);
 *   by default a new temporary folder.
 * @returns the folder, to give as `dataDir` (it is the cluster itself, not its parent).
 */
export async function freshPgliteFolder(into?: string): Promise<string> {
  emptyFolder ??= madeOncePerRun('pglite-empty-folder', async (path) => {
    const pglite = await PGlite.create(path);
    await pglite.close();
  });
  const folder = into ?? mkdtempSync(join(tmpdir(), 'pp-pglite-'));
  cpSync(await emptyFolder, folder, { recursive: true });
  return folder;
}
