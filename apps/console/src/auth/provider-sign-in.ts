import * as oauth from 'oauth4webapi';
import type { components } from '../api/schema';

/**
 * The OpenID provider the console signs in with, as GET /v1/program names it (issue 15):
 * authorization code with PKCE (S256) for the console's public client, by `oauth4webapi`.
 */
export type IdentityProvider = components['schemas']['IdentityProviderView'];

/** The tokens of one sign-in with the provider: held in memory only, never in storage or a URL. */
export interface ProviderTokens {
  accessToken: string;
  /** When the access token expires, UTC ISO-8601 (from `expires_in`; 5 minutes when the provider does not say). */
  expiresAt: string;
  /** Present when the provider gave one: the access token is renewed with it before it expires. */
  refreshToken?: string;
  /** The ID token, kept as `id_token_hint` of the provider's sign-out. */
  idToken?: string;
}

/** The path the provider sends people back to: register `{console origin}/sign-in/callback` with the provider. */
export const CALLBACK_PATH = '/sign-in/callback';
/** Where the provider's sign-out sends people back to (`post_logout_redirect_uri`). */
export const SIGNED_OUT_PATH = '/sign-in';

/** The round trip's secrets, in this tab's session storage from the redirect until the callback reads them (once). */
const PENDING_KEY = 'pp.oidc.pending';
/** Set by {@link askForLoginNextTime}: the next sign-in in this tab asks the provider for `prompt=login`. */
const PROMPT_KEY = 'pp.oidc.prompt';
/** Assumed lifetime of an access token whose answer carries no `expires_in`, seconds. */
const DEFAULT_LIFETIME_SECONDS = 300;

interface Pending {
  issuer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console path to return to (`next`): a path only, never a fragment. */
  next?: string;
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;
const client = (provider: IdentityProvider): oauth.Client => ({ client_id: provider.clientId });
/** `http://` is accepted for a loopback issuer only, as the api's configuration accepts it (tests, local use). */
const insecure = (provider: IdentityProvider) => new URL(provider.issuer).protocol === 'http:';
const requestOptions = (provider: IdentityProvider) => ({ [oauth.allowInsecureRequests]: insecure(provider) });
/**
 * The api as `resource` (RFC 8707) when its audience is an absolute URI, as a resource indicator
 * must be; a plain client id as audience (`partner-portal-api`) is the provider's to add by its own
 * configuration (an audience mapper), and is not sent.
 */
const resource = (provider: IdentityProvider): Record<string, string> => (URL.canParse(provider.audience) ? { resource: provider.audience } : {});

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();

/**
 * The provider's metadata from its discovery document (`{issuer}/.well-known/openid-configuration`),
 * fetched once per page load; its `issuer` must be the configured one (oauth4webapi checks it).
 * @throws the library's error when the provider cannot be reached or its document does not conform.
 */
export function discover(provider: IdentityProvider): Promise<oauth.AuthorizationServer> {
  let server = servers.get(provider.issuer);
  if (!server) {
    const issuer = new URL(provider.issuer);
    server = oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(provider) }).then((response) => oauth.processDiscoveryResponse(issuer, response));
    server.catch(() => servers.delete(provider.issuer));
    servers.set(provider.issuer, server);
  }
  return server;
}

/**
 * Sends the browser to the provider's authorization endpoint: response type `code`, PKCE S256,
 * a fresh `state` and `nonce`, the api as `resource` (RFC 8707) when its audience is a URI, so that
 * the access token is for the api's audience. The verifier, state, nonce and `next` wait in session storage for the callback.
 */
export async function startProviderSignIn(provider: IdentityProvider, next?: string): Promise<void> {
  const server = await discover(provider);
  if (!server.authorization_endpoint) throw new Error('the provider names no authorization endpoint');
  const pending: Pending = { issuer: provider.issuer, state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), codeVerifier: oauth.generateRandomCodeVerifier(), next };
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', provider.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  if (sessionStorage.getItem(PROMPT_KEY) === 'login') url.searchParams.set('prompt', 'login');
  sessionStorage.removeItem(PROMPT_KEY);
  for (const [name, value] of Object.entries(resource(provider))) url.searchParams.set(name, value);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  window.location.assign(url.href);
}

/**
 * The next sign-in with the provider in this tab asks for the login again (`prompt=login`), not
 * reusing the provider's session: for a person signing out to sign in as someone else (the
 * invitation page's "signed in with another account").
 */
export function askForLoginNextTime(): void {
  sessionStorage.setItem(PROMPT_KEY, 'login');
}

function tokensFrom(answer: oauth.TokenEndpointResponse, previous?: ProviderTokens): ProviderTokens {
  const lifetime = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : DEFAULT_LIFETIME_SECONDS;
  return {
    accessToken: answer.access_token,
    expiresAt: new Date(Date.now() + lifetime * 1000).toISOString(),
    // A provider that rotates refresh tokens sends a new one; one that does not keeps the first valid.
    refreshToken: answer.refresh_token ?? previous?.refreshToken,
    idToken: answer.id_token ?? previous?.idToken,
  };
}

/**
 * Finishes the round trip on the callback page: takes the pending secrets out of session storage
 * (they serve once), checks the answer's `state` (and its `iss` when the provider sends one),
 * exchanges the code with the PKCE verifier, and checks the ID token's issuer, audience, times and
 * `nonce`.
 * @returns the tokens and the `next` path kept before the redirect.
 * @throws Error when nothing is pending in this tab (a callback opened by hand, another tab), or the
 *   library's errors: `AuthorizationResponseError` for the provider's refusal (`error=access_denied`),
 *   others for a bad state, code or ID token.
 */
export async function completeProviderSignIn(provider: IdentityProvider, callback: URL): Promise<{ tokens: ProviderTokens; next?: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  if (!pending || pending.issuer !== provider.issuer) throw new Error('no sign-in with the provider was started in this tab');
  const server = await discover(provider);
  const params = oauth.validateAuthResponse(server, client(provider), callback.searchParams, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(server, client(provider), oauth.None(), params, redirectUri(), pending.codeVerifier, {
    additionalParameters: resource(provider),
    ...requestOptions(provider),
  });
  const answer = await oauth.processAuthorizationCodeResponse(server, client(provider), response, { expectedNonce: pending.nonce, requireIdToken: true });
  return { tokens: tokensFrom(answer), next: pending.next };
}

/**
 * New tokens for `tokens.refreshToken`, before the access token expires.
 * @throws Error without a refresh token; the library's errors when the provider refuses it (the
 *   provider's session ended: the person signs in again).
 */
export async function refreshProviderTokens(provider: IdentityProvider, tokens: ProviderTokens): Promise<ProviderTokens> {
  if (!tokens.refreshToken) throw new Error('the provider gave no refresh token');
  const server = await discover(provider);
  const response = await oauth.refreshTokenGrantRequest(server, client(provider), oauth.None(), tokens.refreshToken, {
    additionalParameters: resource(provider),
    ...requestOptions(provider),
  });
  return tokensFrom(await oauth.processRefreshTokenResponse(server, client(provider), response), tokens);
}

/**
 * The provider's sign-out address (RP-Initiated Logout 1.0) with `id_token_hint`, `client_id` and
 * `post_logout_redirect_uri` = `{origin}/sign-in`, or undefined when the provider has no
 * `end_session_endpoint` (then only the console's tokens are dropped).
 */
export async function providerSignOutUrl(provider: IdentityProvider, idToken?: string): Promise<string | undefined> {
  const server = await discover(provider);
  if (!server.end_session_endpoint) return undefined;
  const url = new URL(server.end_session_endpoint);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${window.location.origin}${SIGNED_OUT_PATH}`);
  return url.href;
}

/** When to refresh an access token expiring at `expiresAt`: a minute before, or a quarter of what is left for short-lived ones; ms from `now`. */
export function refreshDelay(expiresAt: string, now = Date.now()): number {
  const left = Date.parse(expiresAt) - now;
  return Math.max(0, left - Math.min(60_000, left / 4));
}
