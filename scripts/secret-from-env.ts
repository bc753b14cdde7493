import { resolveJwtSecret } from '@pp/auth';

/**
 * The HS256 secret the local server signs with, found the way the server finds it (SPEC section 10):
 * `AUTH_JWT_SECRET`, else `${DATA_DIR:-./data}/jwt-secret`, generated there only on the embedded store
 * so that a token minted before the first start still matches the server.
 * @throws Error naming `AUTH_JWT_SECRET` when it is missing on a server store or too short.
 */
export function secretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const store = env.EVENT_STORE;
  return resolveJwtSecret({
    secret: env.AUTH_JWT_SECRET,
    dataDir: dataDirFromEnv(env),
    allowGenerated: store === undefined || store === '' || store === 'embedded',
  });
}

/** `${DATA_DIR:-./data}`, relative to the working directory as the server resolves it. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATA_DIR !== undefined && env.DATA_DIR !== '' ? env.DATA_DIR : './data';
}
