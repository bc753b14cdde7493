import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private signing key of the provider, as oidc-provider takes it (JWK with `kid`, `alg`, `use`). */
export type SigningJwk = JWK & { kid: string; alg: string };

/** A client of the test provider: it obtains access tokens by client_credentials, with these claims. */
export interface IssuerClient {
  readonly id: string;
  /** Algorithm of its access tokens: one of the provider's keys must have it. */
  readonly alg: 'RS256' | 'ES256';
  /** `aud` of its access tokens. */
  readonly audience: string;
  /** Claims added to its access tokens (role, groups, account). */
  readonly claims: Record<string, unknown>;
}

/**
 * The console's client at the test provider (authorization code with PKCE, public): who may sign
 * in on its login page, by login name, and the claims each one's access token then carries.
 */
export interface ConsoleClient {
  readonly id: string;
  readonly alg: 'RS256' | 'ES256';
  readonly audience: string;
  /** Access token lifetime, seconds (600 by default). */
  readonly ttlSeconds?: number;
  /** Login name to the claims added to that person's access tokens (role, groups, account). */
  readonly accounts: Record<string, Record<string, unknown>>;
}

/** The running provider (test/support/oidc-issuer.mjs), controlled from the test. */
export interface OidcIssuerProcess {
  /** `http://127.0.0.1:<port>`, the issuer identifier. */
  readonly issuer: string;
  /** The keys it signs with and publishes now. */
  keys: SigningJwk[];
  /** A real access token (a JWT) for `clientId`, from the token endpoint. */
  token(clientId: string): Promise<string>;
  /** From now on, signs with and publishes these keys only. */
  setKeys(keys: SigningJwk[]): Promise<void>;
  /** How many times the JWKS was fetched since start. */
  jwksRequests(): Promise<number>;
  /** Registers the console client for a console at `origin` (redirect URIs under it, CORS for it). */
  registerConsole(origin: string): Promise<void>;
  /** Closes the port (the provider is down) / listens again on it. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh signing key pair as a private JWK, for the provider or for a token crafted in a test. */
export async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

const SECRET = 'a-client-secret-for-the-tests-only';

/**
 * Starts oidc-provider in a child process on a free loopback port, with these keys and clients (and
 * the console's client, registered once {@link OidcIssuerProcess.registerConsole} gives its origin).
 * Waits until it listens (its discovery document answers).
 */
export async function startOidcIssuer(options: { keys: SigningJwk[]; clients: IssuerClient[]; console?: ConsoleClient }): Promise<OidcIssuerProcess> {
  const config = { keys: options.keys, clients: options.clients.map((c) => ({ ...c, secret: SECRET })), console: options.console };
  const child: ChildProcess = fork(join(__dirname, 'oidc-issuer.mjs'), [], {
    env: { ...process.env, NODE_OPTIONS: '', OIDC_ISSUER_CONFIG: JSON.stringify(config) },
    execArgv: [],
    stdio: ['ignore', 'ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'ipc'],
  });
  const replies: ((message: Record<string, unknown>) => void)[] = [];
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}) before it listened`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (typeof message.ready === 'string') resolve(message.ready);
      else replies.shift()?.(message);
    });
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      replies.push(resolve);
      child.send(message);
    });
  const handle: OidcIssuerProcess = {
    issuer,
    keys: options.keys,
    async token(clientId) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', client_id: clientId, client_secret: SECRET }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || !body.access_token) throw new Error(`no token for ${clientId}: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async setKeys(keys) {
      await ask({ type: 'keys', keys });
      handle.keys = keys;
    },
    async jwksRequests() {
      return (await ask({ type: 'stats' })).jwksRequests as number;
    },
    registerConsole: async (origin) => void (await ask({ type: 'console', origin })),
    stop: async () => void (await ask({ type: 'stop' })),
    start: async () => void (await ask({ type: 'start' })),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
  return handle;
}
