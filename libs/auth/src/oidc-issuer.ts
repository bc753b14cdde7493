import { createLocalJWKSet, createRemoteJWKSet, type JWKSCacheInput, jwksCache, type JWSHeaderParameters, jwtVerify, type FlattenedJWSInput, type JWTPayload } from 'jose';
import { DomainError } from '@pp/platform';
import { identityProviderUnavailable, UnauthenticatedError } from './auth-errors';
import { actorFromIssuerClaims, type ClaimMapping } from './claim-mapping';
import { joseReason, MAX_TOKEN_LIFETIME_SECONDS, type TokenClaims } from './tokens';

/**
 * Algorithms accepted from the provider: asymmetric only. HS* would let anyone holding the
 * provider's public key (anyone) sign with it as an HMAC secret; `none` is never accepted by jose.
 */
export const ISSUER_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/** Settings of an {@link OidcIssuer}. */
export interface OidcIssuerOptions {
  /** `AUTH_OIDC_ISSUER`: the issuer identifier, exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** `AUTH_OIDC_AUDIENCE`: what tokens must carry in `aud` (the api's resource identifier or client id). */
  readonly audience: string;
  readonly mapping: ClaimMapping;
  /** Tolerated clock difference for `exp`, `nbf` and `iat`, seconds; default 30. */
  readonly clockToleranceSeconds?: number;
  /** Least time between two JWKS fetches for an unknown `kid`, ms; default 30 000 (jose's default). */
  readonly jwksCooldownMs?: number;
  /** Longest wait for the discovery document or the JWKS, ms; default 5 000. */
  readonly fetchTimeoutMs?: number;
  /** How long fetched keys are used before they are fetched again, ms; default 600 000 (10 minutes). */
  readonly jwksMaxAgeMs?: number;
}

/** What /health shows of the provider: `up` when the last fetch of its keys succeeded. */
export interface IdentityProviderStatus {
  readonly issuer: string;
  /** `unknown`: nothing fetched or tried yet. */
  readonly state: 'up' | 'down' | 'unknown';
  readonly jwksUri?: string;
  /** Keys in the last JWKS fetched. */
  readonly keys?: number;
  /** UTC ISO-8601 time of the last successful JWKS fetch. */
  readonly lastFetchAt?: string;
  /** Why the last attempt failed (when `down`), and when. */
  readonly message?: string;
  readonly failedAt?: string;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** jose error codes that say the token does not fit the keys, not that the keys could not be had. */
const TOKEN_KEY_CODES = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'ERR_JWK_INVALID', 'ERR_JOSE_NOT_SUPPORTED']);

/**
 * The provider's OpenID Connect tokens (issue 15), verified by its published keys: the discovery
 * document `{issuer}/.well-known/openid-configuration` gives `jwks_uri`; the JWKS is fetched on
 * first use, cached ({@link OidcIssuerOptions.jwksMaxAgeMs}), and fetched again once for a `kid` it
 * does not hold (key rotation), at most once per cooldown. Checked: signature with one of
 * {@link ISSUER_ALGORITHMS}, `iss`, `aud`, `exp`, `nbf`, `iat` (required, not in the future, at most
 * 24 hours old), each with the clock tolerance. When the keys cannot be fetched, the keys fetched
 * before still verify the tokens they signed (the provider being down does not sign everybody out);
 * a token needing a key not held then is a 503, and the next request tries again.
 */
export class OidcIssuer {
  readonly issuer: string;
  private keySet?: KeySet;
  private discovering?: Promise<KeySet>;
  private jwksUri?: string;
  private readonly cache: JWKSCacheInput = {};
  private failure?: { at: number; message: string };

  constructor(private readonly options: OidcIssuerOptions) {
    this.issuer = options.issuer;
  }

  /**
   * Verifies a token whose `iss` is this issuer and maps its claims ({@link actorFromIssuerClaims}).
   * @throws UnauthenticatedError (401) for a token that does not verify.
   * @throws DomainError FORBIDDEN (403) for a verified token that maps to no role or lacks its account.
   * @throws DomainError IDENTITY_PROVIDER_UNAVAILABLE (503) when the keys needed cannot be fetched.
   */
  async verify(token: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (header, jws) => this.key(header, jws), {
        algorithms: [...ISSUER_ALGORITHMS],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      }));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UnauthenticatedError(joseReason(error));
    }
    return actorFromIssuerClaims(payload as Record<string, unknown>, this.options.mapping);
  }

  /** The provider's state as last seen, without fetching. */
  status(): IdentityProviderStatus {
    const { uat, jwks } = this.cache as { uat?: number; jwks?: { keys: unknown[] } };
    const down = this.failure !== undefined && (uat === undefined || this.failure.at >= uat);
    const state = down ? 'down' : uat !== undefined ? 'up' : 'unknown';
    return {
      issuer: this.issuer,
      state,
      ...(this.jwksUri ? { jwksUri: this.jwksUri } : {}),
      ...(jwks ? { keys: jwks.keys.length } : {}),
      ...(uat !== undefined ? { lastFetchAt: new Date(uat).toISOString() } : {}),
      ...(down ? { message: this.failure!.message, failedAt: new Date(this.failure!.at).toISOString() } : {}),
    };
  }

  /**
   * Fetches the discovery document and the keys again when they are missing, stale or failed last
   * time (so that /health notices the provider is back without waiting for a token), waiting at
   * most `waitMs`; then gives {@link status}. Never throws.
   */
  async probe(waitMs = 2_000): Promise<IdentityProviderStatus> {
    const before = this.status();
    if (before.state === 'up' && this.keySet?.fresh) return before;
    const attempt = this.keys()
      .then((set) => set.reload())
      .catch((error: unknown) => this.failed(error));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([attempt, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return this.status();
  }

  /** jose's key lookup, with the failures sorted: a token that fits no key (401) or keys that cannot be had (503). */
  private async key(header: JWSHeaderParameters, jws: FlattenedJWSInput) {
    const set = await this.keys();
    try {
      return await set(header, jws);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && TOKEN_KEY_CODES.has(code)) throw new UnauthenticatedError(code === 'ERR_JWKS_NO_MATCHING_KEY' ? `no key of the identity provider matches the token (kid ${header.kid ?? 'absent'})` : joseReason(error));
      this.failed(error);
      const known = set.jwks();
      if (known) {
        try {
          return await createLocalJWKSet(known)(header, jws);
        } catch {
          // Not among the keys held: the answer waits for the provider.
        }
      }
      throw identityProviderUnavailable(`the identity provider's keys cannot be fetched now (${this.failure!.message}); retry in a moment`);
    }
  }

  /** The remote key set, once the discovery document named it; fetched once, concurrent callers share the fetch. */
  private keys(): Promise<KeySet> {
    if (this.keySet) return Promise.resolve(this.keySet);
    this.discovering ??= this.discover().finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  private async discover(): Promise<KeySet> {
    const url = `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 5_000), redirect: 'error' });
      if (response.status !== 200) throw new Error(`discovery document answered HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      this.failed(error);
      throw identityProviderUnavailable(`the identity provider's discovery document cannot be fetched now (${this.failure!.message}); retry in a moment`);
    }
    // OpenID Connect Discovery 1.0 section 4.3: the document must name the issuer it was fetched for.
    const problem = document.issuer !== this.issuer ? `the discovery document names issuer ${String(document.issuer)}, not ${this.issuer}` : typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri) ? 'the discovery document has no http(s) jwks_uri' : undefined;
    if (problem) {
      this.failed(new Error(problem));
      throw identityProviderUnavailable(problem);
    }
    this.jwksUri = document.jwks_uri as string;
    this.keySet = createRemoteJWKSet(new URL(this.jwksUri), {
      cooldownDuration: this.options.jwksCooldownMs ?? 30_000,
      timeoutDuration: this.options.fetchTimeoutMs ?? 5_000,
      cacheMaxAge: this.options.jwksMaxAgeMs ?? 600_000,
      [jwksCache]: this.cache,
    });
    return this.keySet;
  }

  private failed(error: unknown): void {
    const { message, cause } = (error ?? {}) as { message?: string; cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message;
    this.failure = { at: Date.now(), message: `${message ?? String(error)}${reason ? `: ${reason}` : ''}` };
  }
}
