import { DomainError } from '@pp/platform';
import { UnauthenticatedError } from './auth-errors';
import { actorFromIssuerClaims, claimAt, parseRoleMap } from './claim-mapping';

describe(parseRoleMap.name, () => {
  it('reads value=role pairs, splitting at the last = so that a value may contain one', () => {
    expect([...parseRoleMap(' pp-reviewers=reviewer, pp-auditors = auditor ,a=b=partner')]).toEqual([
      ['pp-reviewers', 'reviewer'],
      ['pp-auditors', 'auditor'],
      ['a=b', 'partner'],
    ]);
  });

  it('reads a JSON object, for values with commas (LDAP names)', () => {
    expect(parseRoleMap('{"cn=pp-reviewers,ou=groups,dc=vng,dc=vn": "reviewer"}').get('cn=pp-reviewers,ou=groups,dc=vng,dc=vn')).toBe('reviewer');
  });

  it.each([
    ['pp-reviewers=admin', /not one of/],
    ['pp-reviewers', /not value=role/],
    ['=reviewer', /not value=role/],
    ['a=reviewer,a=auditor', /twice/],
    [' , ', /maps no value/],
    ['{"a": 1}', /not one of/],
    ['{not json', /not valid JSON/],
    ['["reviewer"]', /JSON object/],
  ])('refuses %j, naming AUTH_ROLE_MAP', (text, reason) => {
    expect(() => parseRoleMap(text)).toThrow(/AUTH_ROLE_MAP/);
    expect(() => parseRoleMap(text)).toThrow(reason);
  });
});

describe(claimAt.name, () => {
  it('takes a claim named with dots as it is before walking a dotted path', () => {
    expect(claimAt({ 'https://vng.vn/roles': ['r'] }, 'https://vng.vn/roles')).toEqual(['r']);
    expect(claimAt({ realm_access: { roles: ['a'] } }, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt({ realm_access: ['x'] }, 'realm_access.roles')).toBeUndefined();
    expect(claimAt({}, 'constructor')).toBeUndefined();
  });
});

describe(actorFromIssuerClaims.name, () => {
  const groups = { roleClaim: 'groups', accountClaim: 'account', roleMap: parseRoleMap('pp-reviewers=reviewer,pp-partners=partner,pp-staff=reviewer') };

  it('maps groups through AUTH_ROLE_MAP, ignoring groups it does not name', () => {
    expect(actorFromIssuerClaims({ sub: 's', groups: ['everyone', 'pp-reviewers', 'pp-staff'] }, groups)).toEqual({ sub: 's', role: 'reviewer', account: undefined });
  });

  it('reads a string claim as a space-separated list (scope)', () => {
    expect(actorFromIssuerClaims({ sub: 's', scope: 'openid auditor' }, { roleClaim: 'scope', accountClaim: 'account' }).role).toBe('auditor');
  });

  it('without AUTH_ROLE_MAP takes the role names themselves, and only them', () => {
    const plain = { roleClaim: 'role', accountClaim: 'account' };
    expect(actorFromIssuerClaims({ sub: 'p', role: 'partner', account: 'acc-1' }, plain)).toEqual({ sub: 'p', role: 'partner', account: 'acc-1' });
    expect(() => actorFromIssuerClaims({ sub: 'p', role: 'admin' }, plain)).toThrow(DomainError);
  });

  it('is 403 FORBIDDEN for no role, two roles, or a partner without an account', () => {
    for (const payload of [{ sub: 's' }, { sub: 's', groups: ['everyone'] }, { sub: 's', groups: [1, { a: 2 }] }, { sub: 's', groups: ['pp-reviewers', 'pp-partners'], account: 'a' }, { sub: 's', groups: ['pp-partners'] }]) {
      let caught: unknown;
      try {
        actorFromIssuerClaims(payload, groups);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'FORBIDDEN', kind: 'forbidden' });
    }
  });

  it('is 401 without a sub', () => {
    expect(() => actorFromIssuerClaims({ groups: ['pp-reviewers'] }, groups)).toThrow(UnauthenticatedError);
  });
});
