import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shortest HS256 secret accepted: 32 bytes, the size of the hash (RFC 7518 section 3.2). */
const MIN_SECRET_LENGTH = 32;

/**
 * The HS256 secret tokens are signed with: `AUTH_JWT_SECRET` when set; otherwise, on the embedded
 * store only, one generated once into `DATA_DIR/jwt-secret` (mode 0600) so that a laptop needs no setup.
 * @throws Error naming `AUTH_JWT_SECRET` when it is missing on a server store or shorter than 32 characters.
 */
export function resolveJwtSecret(options: { secret?: string; dataDir: string; allowGenerated: boolean }): string {
  return resolveSecret({ ...options, variable: 'AUTH_JWT_SECRET', fileName: 'jwt-secret' });
}

/**
 * A server secret: the environment variable's value when set; otherwise, where allowed (the
 * embedded store), one generated once into `dataDir/fileName` (mode 0600).
 * @throws Error naming `variable` when it is missing where it is required, or shorter than 32 characters.
 */
export function resolveSecret(options: { secret?: string; variable: string; fileName: string; dataDir: string; allowGenerated: boolean }): string {
  if (options.secret !== undefined && options.secret !== '') {
    if (options.secret.length < MIN_SECRET_LENGTH) throw new Error(`${options.variable} must be at least ${MIN_SECRET_LENGTH} characters`);
    return options.secret;
  }
  if (!options.allowGenerated) throw new Error(`${options.variable} must be set when EVENT_STORE is not embedded`);
  const file = join(options.dataDir, options.fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
