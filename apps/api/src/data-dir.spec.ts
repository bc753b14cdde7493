import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataDirWritable, usesDataDir } from './data-dir';
import { loadConfig } from './config';

const secrets = { AUTH_JWT_SECRET: 'a3f09c1e7b2d4865a90f1c3e5b7d9f02', INVITATION_SECRET: '14e6a8c0b2d4f6e8a1c3e5b7d9f02468' };

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
    expect(usesDataDir(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp', ...secrets }))).toBe(true);
    expect(usesDataDir(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp', SMTP_URL: 'smtp://mail:25', ...secrets }))).toBe(false);
  });
});
