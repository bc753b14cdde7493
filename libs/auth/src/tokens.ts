import * as jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
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

const keys = new Map<string, KeyObject>();
const keyFor = (secret: string): KeyObject => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
};

/**
 * Signs an HS256 token; `expiresInSeconds` defaults to 12 hours (negative mints an expired one, for tests).
 * @throws RangeError when `expiresInSeconds` exceeds {@link MAX_TOKEN_LIFETIME_SECONDS}: the token would be refused.
 */
export function mintToken(claims: TokenClaims, secret: string, expiresInSeconds = 12 * 3600): string {
  if (expiresInSeconds > MAX_TOKEN_LIFETIME_SECONDS) throw new RangeError(`a token lives at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds`);
  const payload: Record<string, string> = { role: claims.role };
  if (claims.account) payload.account = claims.account;
  return jwt.sign(payload, secret, { algorithm: 'HS256', subject: claims.sub, expiresIn: expiresInSeconds });
}

/**
 * Verifies signature (HS256 only), expiry, lifetime and claim shapes, at `nowSeconds` (Unix time,
 * the real clock by default: tokens are minted by real clocks, even when the service's clock is
 * simulated). Refused besides what jsonwebtoken refuses: an `exp` more than
 * {@link MAX_TOKEN_LIFETIME_SECONDS} (plus {@link CLOCK_SKEW_SECONDS}) ahead, an `iat` more than
 * the skew ahead or not a number, and any `crit` header (RFC 7515 section 4.1.11: a recipient must
 * refuse a token whose critical extensions it does not understand, and this one understands none;
 * jsonwebtoken ignores the header).
 * @throws Error with a reason a caller may see when the token is not acceptable.
 */
export function verifyToken(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenClaims {
  // jsonwebtoken turns a string secret into a key object on every call (a tenth of the CPU of a
  // command in a profile); the key object is made once per secret.
  const { header, payload } = jwt.verify(token, keyFor(secret), { algorithms: ['HS256'], complete: true, clockTimestamp: nowSeconds });
  if ('crit' in header) throw new Error('token header names critical extensions (crit) this service does not understand');
  if (typeof payload === 'string') throw new Error('token payload is not an object');
  const { sub, role, account, exp, iat } = payload as Record<string, unknown>;
  if (typeof exp !== 'number') throw new Error('token has no exp claim');
  if (exp > nowSeconds + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) throw new Error(`token expires too far in the future (at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours from now)`);
  if (iat !== undefined && typeof iat !== 'number') throw new Error('token iat claim is not a number');
  if (typeof iat === 'number' && iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new Error('token was issued in the future (iat)');
  if (typeof sub !== 'string' || sub === '') throw new Error('token has no sub claim');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error('token role is not one of ' + ROLES.join(', '));
  if ((role === 'partner' || role === 'customer') && (typeof account !== 'string' || account === '')) throw new Error(`a ${role} token needs an account claim`);
  return { sub, role: role as Role, account: typeof account === 'string' ? account : undefined };
}
