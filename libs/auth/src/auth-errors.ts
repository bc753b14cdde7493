import { DomainError } from '@pp/platform';

/** 401 problem `UNAUTHENTICATED`: no token, or one that does not verify (signature, issuer, audience, time, shape). */
export class UnauthenticatedError extends DomainError {
  constructor(detail: string) {
    super('UNAUTHENTICATED', 'unauthenticated', detail);
  }
}

/**
 * 503 problem `IDENTITY_PROVIDER_UNAVAILABLE`: a token names the OpenID provider, but its discovery
 * document or its keys (JWKS) cannot be fetched now, so the token can be neither accepted nor
 * refused. Not the caller's fault (not a 401, which would sign people out) nor a bug (not a 500):
 * the client retries; the service fetches again on the next request.
 */
export const identityProviderUnavailable = (detail: string) => new DomainError('IDENTITY_PROVIDER_UNAVAILABLE', 'unavailable', detail);
