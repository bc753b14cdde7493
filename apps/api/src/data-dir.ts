import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './config';

/**
 * Whether this configuration writes into `DATA_DIR`: the embedded store (`pglite/`, its lock file,
 * the generated secrets), or mails kept as .eml files (`mail/`) when no `SMTP_URL` is set.
 */
export function usesDataDir(config: Pick<AppConfig, 'eventStore' | 'smtpUrl'>): boolean {
  return config.eventStore === 'embedded' || !config.smtpUrl;
}

/**
 * Checks, before anything is opened, that `DATA_DIR` can be written: creates it if missing, writes
 * one byte into a probe file and removes it. Bad configuration stops start-up with a message that
 * names the variable (SPEC section 10), rather than a stack from deep inside the first writer.
 * @throws Error `DATA_DIR=<dir> is not writable: <reason>` on one line (e.g. EROFS, EACCES, ENOTDIR, ENOSPC).
 */
export function assertDataDirWritable(dataDir: string): void {
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, 'x');
    rmSync(probe, { force: true });
  } catch (error) {
    // By shape: errors of Node's core are not `instanceof Error` in every realm (a VM context).
    const reason = String((error as { message?: unknown })?.message ?? error).replace(/\s+/g, ' ');
    throw new Error(`DATA_DIR=${dataDir} is not writable: ${reason}`);
  }
}
