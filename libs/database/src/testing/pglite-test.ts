import { PGlite } from '@electric-sql/pglite';
import { Database, openDatabase } from '../database';

let emptyCluster: Promise<Blob> | undefined;

/**
 * A new, empty in-memory PGlite database for one test, opened from a dump of a freshly created
 * cluster made once per jest worker: a new cluster runs initdb, which on a busy machine took
 * seconds per test (issue 19); loading the dump takes about a third of that.
 */
export async function openFreshPglite(): Promise<Database> {
  emptyCluster ??= (async () => {
    const pglite = await PGlite.create();
    try {
      return await pglite.dumpDataDir('none');
    } finally {
      await pglite.close();
    }
  })();
  return openDatabase({ kind: 'pglite', from: await emptyCluster });
}
