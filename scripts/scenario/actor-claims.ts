import { ROLES, Role, type TokenClaims } from '@pp/auth';
import type { Actor } from './scenario-file';

/**
 * The claims to mint for a step's actor.
 * @throws Error for a role outside SPEC section 1 or a partner/customer without `account`, which the
 *   server would refuse with 401 and so hide what the step meant to test.
 */
export function claimsOf(actor: Actor): TokenClaims {
  if (!(ROLES as readonly string[]).includes(actor.role)) throw new Error(`actor role "${actor.role}" is not one of ${ROLES.join(', ')}`);
  if ((actor.role === 'partner' || actor.role === 'customer') && !actor.account) throw new Error(`a ${actor.role} actor needs "account"`);
  return { role: actor.role as Role, sub: actor.sub, account: actor.account || undefined };
}
