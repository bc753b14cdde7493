import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './database';
import { freshPgliteFolder } from './testing/pglite-test';

describe('The embedded data folder', () => {
  it('is opened by one process at a time, and a lock left by a dead process is taken over', async () => {
    const dir = await freshPgliteFolder();
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(`is open in process ${process.pid}`);
      await first.close();
      writeFileSync(join(dir, 'pglite.lock'), '999999999');
      const again = await openDatabase({ kind: 'pglite', dataDir: dir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
