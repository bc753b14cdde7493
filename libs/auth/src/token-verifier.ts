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
  constructor(
    private readonly secret: string,
    readonly issuer?: OidcIssuer,
  ) {}

  /**
   * @throws UnauthenticatedError (401) for a token that is malformed or does not verify.
   * @throws DomainError FORBIDDEN (403) for a provider token that maps to no role.
   * @throws DomainError IDENTITY_PROVIDER_UNAVAILABLE (503) when the provider's keys cannot be fetched.
   */
  async verify(token: string): Promise<TokenClaims> {
    let iss: unknown;
    try {
      ({ iss } = decodeJwt(token));
    } catch {
      throw new UnauthenticatedError('token refused: token is not a JWT');
    }
    if (this.issuer && iss === this.issuer.issuer) return this.issuer.verify(token);
    try {
      return await verifyToken(token, this.secret);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new UnauthenticatedError(`token refused: ${(error as Error).message}`);
    }
  }
}
