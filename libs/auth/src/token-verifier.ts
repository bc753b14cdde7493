import { decodeJwt } from 'jose';
import { DomainError } from '@pp/platform';
import { UnauthenticatedError } from './auth-errors';
import type { OidcIssuer } from './oidc-issuer';
import { type TokenClaims, verifyToken } from './tokens';

/** DI token of the {@link TokenVerifier}. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/**
 * The one place a bearer token is judged. Two kinds may be accepted at once, told apart by `iss`
 * (read before any verification, then verified by the rules of the kind it claims to be): `iss`
 * equal to the configured OpenID issuer goes to {@link OidcIssuer} (asymmetric algorithms and its
 * JWKS only, so an HS256 token claiming that issuer is refused whatever its secret); any other
 * token is an internal one, HS256 with `AUTH_JWT_SECRET` ({@link verifyToken}), so a token of
 * another issuer fails there (no secret of ours signed it, and only HS256 is accepted).
 */
export class TokenVerifier {
  /** Internal tokens that verified, with their `exp` (Unix seconds); oldest first, at most {@link VERIFIED_TOKENS_KEPT}. */
  private readonly verified = new Map<string, { readonly claims: TokenClaims; readonly exp: number }>();

  /** @param nowSeconds the clock `exp` is judged by, Unix seconds: the real one but in tests (tokens are minted by real clocks). */
  constructor(
    private readonly secret: string,
    readonly issuer?: OidcIssuer,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /**
   * An internal token that verified once is answered from memory until its `exp` (issue 16: the
   * HMAC check was a tenth of a command's CPU in the api, and a caller sends one token with many
   * requests). What is answered is what verifying again would answer: the secret does not change
   * while the process runs, so the signature and the claims' shapes judge the same; of the time
   * checks, `exp` is checked again on every use, and the others (`nbf`, `iat`, the lifetime bound)
   * only become easier to pass as time goes on. Refusals are not kept. Provider tokens are not kept
   * here: their keys may rotate.
   * @throws UnauthenticatedError (401) for a token that is malformed or does not verify.
   * @throws DomainError FORBIDDEN (403) for a provider token that maps to no role.
   * @throws DomainError IDENTITY_PROVIDER_UNAVAILABLE (503) when the provider's keys cannot be fetched.
   */
  async verify(token: string): Promise<TokenClaims> {
    const now = this.nowSeconds();
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > now) return known.claims;
      this.verified.delete(token);
    }
    let iss: unknown;
    let exp: unknown;
    try {
      ({ iss, exp } = decodeJwt(token));
    } catch {
      throw new UnauthenticatedError('token refused: token is not a JWT');
    }
    if (this.issuer && iss === this.issuer.issuer) return this.issuer.verify(token);
    let claims: TokenClaims;
    try {
      claims = Object.freeze(await verifyToken(token, this.secret, now));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UnauthenticatedError(`token refused: ${(error as Error).message}`);
    }
    // verifyToken refuses a token without a numeric exp, so exp is one here.
    if (typeof exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, exp });
    }
    return claims;
  }
}

/**
 * How many verified internal tokens a {@link TokenVerifier} keeps (the oldest make room): a few MB
 * at most, more than the callers of one instance use at once.
 */
export const VERIFIED_TOKENS_KEPT = 10_000;
