import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataDirWritable, usesDataDir } from './data-dir';
import { loadConfig } from './config';

describe(assertDataDirWritable.name, () => {
  const root = mkdtempSync(join(tmpdir(), 'pp-datadir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a missing folder and leaves nothing behind in it', () => {
    const dir = join(root, 'new', 'data');
    assertDataDirWritable(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names DATA_DIR and the reason on one line when the folder cannot be written', () => {
    writeFileSync(join(root, 'a-file'), 'x');
    const dir = join(root, 'a-file', 'data');
    expect(() => assertDataDirWritable(dir)).toThrow(new RegExp(`^DATA_DIR=${dir} is not writable: ENOTDIR: [^\\n]+$`));
  });
});

describe(usesDataDir.name, () => {
  it('is needed by the embedded store, and by mails written as files', () => {
    expect(usesDataDir(loadConfig({}))).toBe(true);
    expect(usesDataDir(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp' }))).toBe(true);
    expect(usesDataDir(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp', SMTP_URL: 'smtp://mail:25' }))).toBe(false);
  });
});
