import { DomainError } from '@pp/platform';
import { UnauthenticatedError } from './auth-errors';
import { Role, ROLES } from './roles';
import type { TokenClaims } from './tokens';

/**
 * How an OpenID provider's token becomes a {@link TokenClaims}: which claim carries the role (or
 * the groups), how its values map to the five roles, which claim carries the account.
 */
export interface ClaimMapping {
  /** `AUTH_ROLE_CLAIM`: a claim name, or a dotted path into nested claims (`realm_access.roles`). */
  readonly roleClaim: string;
  /** `AUTH_ACCOUNT_CLAIM`: the same, for the partner's or customer's account id. */
  readonly accountClaim: string;
  /**
   * `AUTH_ROLE_MAP`: claim value to role. Absent: the values are the role names themselves
   * (`partner`, `customer`, `reviewer`, `service`, `auditor`) and nothing else maps.
   */
  readonly roleMap?: ReadonlyMap<string, Role>;
}

/**
 * Reads `AUTH_ROLE_MAP`: either comma-separated pairs `value=role` (the value is what the provider
 * puts in the role claim, e.g. a group name; split at the last `=`, so a value may contain one), or,
 * for values that contain commas (LDAP distinguished names), a JSON object `{"value": "role"}`.
 * Example: `pp-reviewers=reviewer,pp-auditors=auditor,pp-partners=partner`.
 * @throws Error naming `AUTH_ROLE_MAP` when a pair has no value, a role is not one of {@link ROLES}, or a value appears twice.
 */
export function parseRoleMap(text: string): Map<string, Role> {
  const entries: [string, string][] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error('AUTH_ROLE_MAP is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('AUTH_ROLE_MAP must be a JSON object of value to role');
    for (const [value, role] of Object.entries(parsed)) entries.push([value, typeof role === 'string' ? role : JSON.stringify(role)]);
  } else {
    for (const pair of trimmed.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const at = pair.lastIndexOf('=');
      if (at <= 0) throw new Error(`AUTH_ROLE_MAP pair "${pair}" is not value=role`);
      entries.push([pair.slice(0, at).trim(), pair.slice(at + 1).trim()]);
    }
  }
  if (entries.length === 0) throw new Error('AUTH_ROLE_MAP maps no value');
  const map = new Map<string, Role>();
  for (const [value, role] of entries) {
    if (value === '') throw new Error('AUTH_ROLE_MAP has an empty value');
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`AUTH_ROLE_MAP maps "${value}" to "${role}", not one of ${ROLES.join(', ')}`);
    if (map.has(value)) throw new Error(`AUTH_ROLE_MAP maps "${value}" twice`);
    map.set(value, role as Role);
  }
  return map;
}

/**
 * The claim `name` of a token payload: the member of that name when there is one (claim names may
 * contain dots, e.g. `https://example.com/roles`), else the dotted path walked through objects.
 */
export function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The caller of a verified provider token: `sub`, the one role its role claim maps to, the account.
 * The role claim may be a string (read as a space-separated list, so `scope` works too) or an array
 * of strings (groups). Values that map to nothing are ignored.
 * @throws UnauthenticatedError (401) without a `sub`.
 * @throws DomainError FORBIDDEN (403) when no value maps to a role, when the values map to several
 * roles (the service acts for one role at a time and will not guess which), or when a partner or
 * customer has no account claim: the person is known, but may do nothing here.
 */
export function actorFromIssuerClaims(payload: Record<string, unknown>, mapping: ClaimMapping): TokenClaims {
  const { sub } = payload;
  if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('token has no sub claim');
  const raw = claimAt(payload, mapping.roleClaim);
  const values = typeof raw === 'string' ? raw.split(/\s+/).filter((v) => v !== '') : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  const roles = new Set<Role>();
  for (const value of values) {
    const role = mapping.roleMap ? mapping.roleMap.get(value) : (ROLES as readonly string[]).includes(value) ? (value as Role) : undefined;
    if (role) roles.add(role);
  }
  if (roles.size === 0) throw new DomainError('FORBIDDEN', 'forbidden', `the token's ${mapping.roleClaim} claim maps to none of the roles of this service`);
  if (roles.size > 1) throw new DomainError('FORBIDDEN', 'forbidden', `the token's ${mapping.roleClaim} claim maps to several roles (${[...roles].join(', ')}); a caller acts with one`);
  const [role] = roles;
  const account = claimAt(payload, mapping.accountClaim);
  if ((role === 'partner' || role === 'customer') && (typeof account !== 'string' || account === '')) {
    throw new DomainError('FORBIDDEN', 'forbidden', `a ${role} needs an account: the token has no ${mapping.accountClaim} claim`);
  }
  return { sub, role, account: typeof account === 'string' && account !== '' ? account : undefined };
}
