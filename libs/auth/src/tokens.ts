import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import { Role, ROLES } from './roles';

/** Claims of an access token (SPEC section 10). `account` is required for partner and customer. */
export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly account?: string;
}

/**
 * Longest a token may still be valid, in seconds: its `exp` at most 24 hours after now. A token
 * that lives longer is a credential nobody can revoke (there is no revocation list); a day covers
 * a working session and the internal services, which mint their own.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * Clock difference tolerated between the machine that minted a token and this one, in seconds: for
 * `iat` (issued up to this far in the future) and for the lifetime bound. Not for `exp`: an expired
 * token stays refused at once.
 */
export const CLOCK_SKEW_SECONDS = 60;

const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
/**
 * One WebCrypto key per secret, imported once: jose turns a `KeyObject` (or bytes) into a
 * `CryptoKey` again on every call (export, then `importKey`), which doubled the CPU of a token's
 * verification (issue 16: 45-53 against 25-26 µs a verification here); a `CryptoKey` it uses as given.
 */
const keyFor = (secret: string): Promise<webcrypto.CryptoKey> => {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    // A failed import is not kept: the next call tries again.
    key.catch(() => keys.get(secret) === key && keys.delete(secret));
    keys.set(secret, key);
  }
  return key;
};

/**
 * Signs an HS256 token (header `typ: JWT`; claims `sub`, `role`, `account` when given, `iat`,
 * `exp`); `expiresInSeconds` defaults to 12 hours (negative mints an expired one, for tests).
 * Asynchronous because jose signs with the platform's asynchronous crypto.
 * @throws RangeError when `expiresInSeconds` exceeds {@link MAX_TOKEN_LIFETIME_SECONDS}: the token would be refused.
 */
export async function mintToken(claims: TokenClaims, secret: string, expiresInSeconds = 12 * 3600): Promise<string> {
  if (expiresInSeconds > MAX_TOKEN_LIFETIME_SECONDS) throw new RangeError(`a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds`);
  const payload: Record<string, string> = { role: claims.role };
  if (claims.account) payload.account = claims.account;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(claims.sub).setIssuedAt(now).setExpirationTime(now + expiresInSeconds).sign(await keyFor(secret));
}

/**
 * Verifies an internal token: signature (HS256 only: the shared secret is the key of no other
 * algorithm), expiry, lifetime and claim shapes, at `nowSeconds` (Unix time, the real clock by
 * default: tokens are minted by real clocks, even when the service's clock is simulated). Refused
 * besides what jose refuses (a bad signature, another `alg`, `alg: none`, an `exp` or `nbf` passed,
 * without tolerance): no `exp`; an `exp` more than {@link MAX_TOKEN_LIFETIME_SECONDS} (plus
 * {@link CLOCK_SKEW_SECONDS}) ahead; an `iat` more than the skew ahead or not a number; and any
 * `crit` header (RFC 7515 section 4.1.11: a recipient must refuse a token whose critical extensions
 * it does not understand, and this one understands none).
 * @throws Error with a reason a caller may see when the token is not acceptable.
 */
export async function verifyToken(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<TokenClaims> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new Error('token is not a JWT');
  }
  // Before jose, whose own refusals of crit name each extension rather than the rule.
  if ('crit' in header) throw new Error('token header names critical extensions (crit) this service does not understand');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await keyFor(secret), { algorithms: ['HS256'], currentDate: new Date(nowSeconds * 1000) }));
  } catch (error) {
    throw new Error(joseReason(error));
  }
  const { sub, role, account, exp, iat } = payload;
  if (typeof exp !== 'number') throw new Error('token has no exp claim');
  if (exp > nowSeconds + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) throw new Error(`token expires too far in the future (at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours from now)`);
  if (iat !== undefined && typeof iat !== 'number') throw new Error('token iat claim is not a number');
  if (typeof iat === 'number' && iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new Error('token was issued in the future (iat)');
  if (typeof sub !== 'string' || sub === '') throw new Error('token has no sub claim');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error('token role is not one of ' + ROLES.join(', '));
  if ((role === 'partner' || role === 'customer') && (typeof account !== 'string' || account === '')) throw new Error(`a ${role} token needs an account claim`);
  return { sub, role: role as Role, account: typeof account === 'string' ? account : undefined };
}

/**
 * A caller-facing reason for a refusal by jose, by its stable `code` (jose's classes live in
 * Node's module realm, not jest's, so `instanceof` is not relied on).
 */
export function joseReason(error: unknown): string {
  const { code, claim, message } = (error ?? {}) as { code?: string; claim?: string; message?: string };
  switch (code) {
    case errors.JWTExpired.code:
      return 'token expired (exp)';
    case errors.JWTClaimValidationFailed.code:
      return claim === 'iat' && /must be a number/.test(message ?? '') ? 'token iat claim is not a number' : `token ${claim ?? 'claim'} check failed: ${message}`;
    case errors.JOSEAlgNotAllowed.code:
      return 'token algorithm (alg) is not accepted';
    case errors.JWSSignatureVerificationFailed.code:
      return 'token signature does not verify';
    case errors.JWSInvalid.code:
    case errors.JWTInvalid.code:
      return `token is malformed: ${message}`;
    case errors.JOSENotSupported.code:
      return `token uses what this service does not support: ${message}`;
    default:
      return `token refused: ${message ?? String(error)}`;
  }
}
