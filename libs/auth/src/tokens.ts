import * as jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { Role, ROLES } from './roles';

/** Claims of an access token (SPEC section 10). `account` is required for partner and customer. */
export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly account?: string;
}

const keys = new Map<string, KeyObject>();
const keyFor = (secret: string): KeyObject => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
};

/** Signs an HS256 token; `expiresInSeconds` defaults to 12 hours. */
export function mintToken(claims: TokenClaims, secret: string, expiresInSeconds = 12 * 3600): string {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.account) payload.account = claims.account;
  return jwt.sign(payload, secret, { algorithm: 'HS256', subject: claims.sub, expiresIn: expiresInSeconds });
}

/**
 * Verifies signature (HS256 only), expiry and claim shapes.
 * @throws Error with a reason a caller may see when the token is not acceptable.
 */
export function verifyToken(token: string, secret: string): TokenClaims {
  // jsonwebtoken turns a string secret into a key object on every call (a tenth of the CPU of a
  // command in a profile); the key object is made once per secret.
  const payload = jwt.verify(token, keyFor(secret), { algorithms: ['HS256'] });
  if (typeof payload === 'string') throw new Error('token payload is not an object');
  const { sub, role, account, exp } = payload as Record<string, unknown>;
  if (typeof exp !== 'number') throw new Error('token has no exp claim');
  if (typeof sub !== 'string' || sub === '') throw new Error('token has no sub claim');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error('token role is not one of ' + ROLES.join(', '));
  if ((role === 'partner' || role === 'customer') && (typeof account !== 'string' || account === '')) throw new Error(`a ${role} token needs an account claim`);
  return { sub, role: role as Role, account: typeof account === 'string' ? account : undefined };
}
