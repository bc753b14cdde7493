import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invitationToken, isAddressedTo } from './eml';

/** Every .eml file under `dir` (recursively); none when the folder does not exist yet. */
export async function emlFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return emlFiles(path);
      return entry.isFile() && entry.name.toLowerCase().endsWith('.eml') ? [path] : [];
    }),
  );
  return nested.flat();
}

async function newestToken(dir: string, email: string): Promise<string | undefined> {
  const candidates: Array<{ mtime: number; path: string; token: string }> = [];
  for (const path of await emlFiles(dir)) {
    const text = await readFile(path, 'utf8');
    if (!isAddressedTo(text, email)) continue;
    const token = invitationToken(text);
    if (token !== undefined) candidates.push({ mtime: (await stat(path)).mtimeMs, path, token });
  }
  candidates.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
  return candidates.at(-1)?.token;
}

/**
 * The token of the newest invitation mail to `email` under `dir` (the .eml files the service writes
 * when no SMTP_URL is set). Mails are sent by a reactor after the command answered, so the folder is
 * polled for up to `waitMs` before giving up.
 * @throws Error "no invitation mail for <email> under <dir>" when none carries a token by then.
 */
export async function findInvitationToken(dir: string, email: string, waitMs = 5000): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const token = await newestToken(dir, email);
    if (token !== undefined) return token;
    if (Date.now() >= deadline) throw new Error(`no invitation mail for ${email} under ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
