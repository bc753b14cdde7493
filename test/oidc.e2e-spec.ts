import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import { parseRoleMap } from '@pp/auth';
import { loadConfig } from '../apps/api/src/config';
import { consoleCsp } from '../apps/api/src/console/serve-console';
import { type OidcIssuerProcess, signingKey, type SigningJwk, startOidcIssuer } from './support/oidc-issuer';
import { newAccount, partnerApplication, startTestApp, type TestApp } from './support/test-app';

const AUDIENCE = 'partner-portal-api';

/**
 * Issue 15: the api verifies the OpenID provider's tokens by its JWKS, beside the internal HS256
 * ones. The provider is a real one (oidc-provider, in a child process on the loopback) with an RSA
 * and an EC key; the tokens it issues are real access tokens (client_credentials, JWT format).
 * Tokens the provider would never issue (expired, not yet valid, another issuer) are signed here
 * with its keys or with keys of no provider.
 */
describe('OpenID provider tokens', () => {
  let idp: OidcIssuerProcess;
  let t: TestApp;
  let rsa: SigningJwk;
  let ec: SigningJwk;
  const partnerAccount = newAccount();

  /** A token crafted with `key`, with the claims an api token of the provider has, then `claims` on top. */
  async function craft(key: SigningJwk, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: idp.issuer, aud: AUDIENCE, sub: 'staff-crafted', iat: now, exp: now + 600, groups: ['pp-reviewers'], ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
      .sign(await importJWK(key, key.alg));
  }

  /** The answer to a reviewer's query with this token. */
  const asReviewer = (token: string) => t.request('GET', '/v1/approvals', { token });

  function expectProblem(r: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string) {
    expect({ status: r.status, code: r.body?.code, type: String(r.headers['content-type']).split(';')[0] }).toEqual({ status, code, type: 'application/problem+json' });
  }

  beforeAll(async () => {
    rsa = await signingKey('RS256', 'rsa-1');
    ec = await signingKey('ES256', 'ec-1');
    idp = await startOidcIssuer({
      keys: [rsa, ec],
      clients: [
        { id: 'staff-linh', alg: 'RS256', audience: AUDIENCE, claims: { groups: ['everyone', 'pp-reviewers'] } },
        { id: 'partner-saoviet', alg: 'ES256', audience: AUDIENCE, claims: { groups: ['pp-partners'], pp: { account: partnerAccount.accountId } } },
        { id: 'kpmg-auditor', alg: 'ES256', audience: AUDIENCE, claims: { groups: 'pp-auditors' } },
        { id: 'outsider', alg: 'RS256', audience: AUDIENCE, claims: { groups: ['everyone'] } },
        { id: 'partner-without-account', alg: 'RS256', audience: AUDIENCE, claims: { groups: ['pp-partners'] } },
        { id: 'other-api-client', alg: 'RS256', audience: 'another-api', claims: { groups: ['pp-reviewers'] } },
      ],
    });
    t = await startTestApp({
      config: {
        oidc: {
          issuer: idp.issuer,
          audience: AUDIENCE,
          roleClaim: 'groups',
          accountClaim: 'pp.account',
          roleMap: parseRoleMap('pp-reviewers=reviewer,pp-partners=partner,pp-auditors=auditor'),
          // Every unknown key id is fetched for at once: the rotation test needs no 30 s wait.
          jwksCooldownMs: 0,
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  describe('accepted', () => {
    it('takes an RS256 token of the provider, its role from a group', async () => {
      const token = await idp.token('staff-linh');
      expect((await asReviewer(token)).status).toBe(200);
      // A reviewer, not a partner: a partner's command is refused with 403, not 401.
      expectProblem(await t.request('POST', '/v1/partners', { token, body: partnerApplication() }), 403, 'FORBIDDEN');
    });

    it('takes an ES256 token of the provider, with its account from a nested claim: the partner applies for its own account', async () => {
      const service = await t.token('service', 'identity-svc');
      expect((await t.request('POST', '/v1/accounts', { token: service, body: partnerAccount })).status).toBe(201);
      const token = await idp.token('partner-saoviet');
      const applied = await t.request('POST', '/v1/partners', { token, body: partnerApplication() });
      expect(applied.status).toBe(201);
      expect(applied.body.id).toBe(partnerAccount.accountId);
      expectProblem(await t.request('GET', '/v1/partners/vn-ent-someone-else', { token }), 403, 'FORBIDDEN');
      expect((await t.request('GET', `/v1/partners/${partnerAccount.accountId}?minPosition=${applied.body.position}`, { token })).status).toBe(200);
    });

    it('takes a role claim given as a single string', async () => {
      const token = await idp.token('kpmg-auditor');
      expect((await t.request('GET', '/v1/audit/events?after=0&limit=1', { token })).status).toBe(200);
    });

    it('still takes internal HS256 tokens beside the provider', async () => {
      expect((await asReviewer(await t.token('reviewer', 'staff-1'))).status).toBe(200);
    });

    it('shows the provider up in /health, with its keys', async () => {
      const health = await t.request('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.details.identityProvider).toMatchObject({ status: 'up', issuer: idp.issuer, keys: 2, jwksUri: `${idp.issuer}/jwks`, lastFetchAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });
  });

  describe("the console's sign-in with the provider", () => {
    it('answers GET /v1/me with the role and account the api mapped from the claims, for any role', async () => {
      const partner = await t.request('GET', '/v1/me', { token: await idp.token('partner-saoviet') });
      expect([partner.status, partner.body]).toEqual([200, { sub: 'partner-saoviet', role: 'partner', account: partnerAccount.accountId }]);
      const reviewer = await t.request('GET', '/v1/me', { token: await idp.token('staff-linh') });
      expect([reviewer.status, reviewer.body]).toEqual([200, { sub: 'staff-linh', role: 'reviewer' }]);
      expectProblem(await t.request('GET', '/v1/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await t.request('GET', '/v1/me', { token: await idp.token('outsider') }), 403, 'FORBIDDEN');
    });

    it("offers no provider sign-in in GET /v1/program without the console's client, and keeps connect-src 'self'", async () => {
      expect((await t.request('GET', '/v1/program')).body.identityProvider).toBeNull();
      expect(consoleCsp()).toContain("connect-src 'self';");
    });

    it("names the provider and the console's client in GET /v1/program, and lets the console's pages connect to the provider's origin only", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pp-console-'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
      const withConsole = await startTestApp({ config: { consoleDir: dir, oidc: { issuer: `${idp.issuer}/realms/partners`, audience: AUDIENCE, roleClaim: 'groups', accountClaim: 'account', consoleClientId: 'pp-console', consoleScope: 'openid offline_access' } } });
      try {
        const program = await withConsole.request('GET', '/v1/program');
        expect(program.body.identityProvider).toEqual({ issuer: `${idp.issuer}/realms/partners`, clientId: 'pp-console', scope: 'openid offline_access', audience: AUDIENCE });
        const page = await withConsole.request('GET', '/sign-in/callback');
        expect(page.status).toBe(200);
        const csp = String(page.headers['content-security-policy']);
        // The origin, not the issuer's path: a CSP source with a path would match that path only.
        expect(csp).toContain(`connect-src 'self' ${idp.issuer};`);
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("form-action 'self'");
      } finally {
        await withConsole.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('refused with 401 problem+json', () => {
    it('a token of the provider for another audience', async () => {
      const r = await asReviewer(await idp.token('other-api-client'));
      expectProblem(r, 401, 'UNAUTHENTICATED');
      expect(r.body.detail).toMatch(/aud/);
    });

    it('a token signed with the provider\'s key that names another issuer', async () => {
      expectProblem(await asReviewer(await craft(rsa, { iss: 'https://idp.elsewhere.example' })), 401, 'UNAUTHENTICATED');
      // The issuer with a trailing slash is another issuer too (OpenID Connect compares exactly).
      expectProblem(await asReviewer(await craft(rsa, { iss: `${idp.issuer}/` })), 401, 'UNAUTHENTICATED');
    });

    it('an expired token, beyond the clock tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      const r = await asReviewer(await craft(rsa, { iat: now - 3600, exp: now - 60 }));
      expectProblem(r, 401, 'UNAUTHENTICATED');
      expect(r.body.detail).toMatch(/expired/);
    });

    it('a token not yet valid (nbf), beyond the clock tolerance', async () => {
      const now = Math.floor(Date.now() / 1000);
      const r = await asReviewer(await craft(ec, { nbf: now + 300 }));
      expectProblem(r, 401, 'UNAUTHENTICATED');
      expect(r.body.detail).toMatch(/nbf/);
    });

    it('a token with alg none', async () => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: idp.issuer, aud: AUDIENCE, sub: 'mallory', iat: now, exp: now + 600, groups: ['pp-reviewers'] })}.`;
      expectProblem(await asReviewer(unsigned), 401, 'UNAUTHENTICATED');
      // Nor without the issuer's iss (the internal path).
      expectProblem(await asReviewer(`${part({ alg: 'none' })}.${part({ sub: 'mallory', role: 'reviewer', exp: now + 600 })}.`), 401, 'UNAUTHENTICATED');
    });

    it("an HS256 token signed with the provider's public key as the HMAC secret", async () => {
      const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      const published = jwks.keys.find((k) => k.kid === rsa.kid)!;
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: idp.issuer, aud: AUDIENCE, sub: 'mallory', iat: now, exp: now + 600, groups: ['pp-reviewers'] };
      // The classic confusion: the public key as PEM, as JSON and as the JWK's modulus.
      const pem = createPublicKey({ key: published as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
      for (const secret of [pem, JSON.stringify(published)]) {
        const unsigned = `${part({ alg: 'HS256', typ: 'JWT', kid: rsa.kid })}.${part(payload)}`;
        const token = `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
        expectProblem(await asReviewer(token), 401, 'UNAUTHENTICATED');
      }
    });

    it("an HS256 token signed with the api's own secret that claims the provider's iss", async () => {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: idp.issuer, aud: AUDIENCE, sub: 'svc', role: 'reviewer', groups: ['pp-reviewers'], iat: now, exp: now + 600 })}`;
      const token = `${unsigned}.${createHmac('sha256', t.secret).update(unsigned).digest('base64url')}`;
      expectProblem(await asReviewer(token), 401, 'UNAUTHENTICATED');
    });

    it('a token of another issuer: its own iss, or the provider\'s iss with a key the provider never published', async () => {
      const stranger = await signingKey('RS256', 'rsa-1');
      expectProblem(await asReviewer(await craft(stranger, { iss: 'https://idp.stranger.example' })), 401, 'UNAUTHENTICATED');
      // Same kid as the provider's key, other key: the signature does not verify.
      expectProblem(await asReviewer(await craft(stranger)), 401, 'UNAUTHENTICATED');
      // A kid the provider does not have: fetched again, still unknown.
      const r = await asReviewer(await craft({ ...stranger, kid: 'stranger-1' }));
      expectProblem(r, 401, 'UNAUTHENTICATED');
      expect(r.body.detail).toMatch(/no key/);
    });

    it('a token of the provider that is not a JWT at all', async () => {
      expectProblem(await asReviewer('opaque-access-token'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('refused with 403 problem+json', () => {
    it('a valid token whose groups map to no role', async () => {
      const r = await asReviewer(await idp.token('outsider'));
      expectProblem(r, 403, 'FORBIDDEN');
      expect(r.body.detail).toMatch(/groups claim maps to none/);
    });

    it('a valid partner token without its account claim', async () => {
      const r = await t.request('POST', '/v1/partners', { token: await idp.token('partner-without-account'), body: partnerApplication() });
      expectProblem(r, 403, 'FORBIDDEN');
      expect(r.body.detail).toMatch(/pp\.account/);
    });

    it('a valid token whose groups map to two roles', async () => {
      expectProblem(await asReviewer(await craft(rsa, { groups: ['pp-reviewers', 'pp-auditors'] })), 403, 'FORBIDDEN');
    });
  });

  describe('key rotation and outages', () => {
    it('accepts a token signed with a key the provider rotated to, after fetching its keys once more', async () => {
      // The api holds rsa-1 and ec-1.
      expect((await asReviewer(await idp.token('staff-linh'))).status).toBe(200);
      const fetchesBefore = await idp.jwksRequests();
      const next = await signingKey('RS256', 'rsa-2');
      await idp.setKeys([next, ec]);
      const token = await idp.token('staff-linh');
      expect(token.split('.')[0]).toBe(Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: 'rsa-2' })).toString('base64url'));
      expect((await asReviewer(token)).status).toBe(200);
      expect(await idp.jwksRequests()).toBe(fetchesBefore + 1);
      // Now cached: no further fetch.
      expect((await asReviewer(token)).status).toBe(200);
      expect(await idp.jwksRequests()).toBe(fetchesBefore + 1);
      rsa = next;
    });

    it('answers 503 IDENTITY_PROVIDER_UNAVAILABLE for a key it does not hold while the provider is down, keeps the keys it holds, and recovers by itself', async () => {
      const held = await idp.token('partner-saoviet');
      const upcoming = await signingKey('RS256', 'rsa-3');
      const needsFetch = await craft(upcoming);
      await idp.stop();
      try {
        const r = await asReviewer(needsFetch);
        expectProblem(r, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
        expect(r.headers['retry-after']).toBeDefined();
        // A token whose key is held still works: the provider being down signs nobody out.
        expect((await t.request('GET', `/v1/partners/${partnerAccount.accountId}`, { token: held })).status).toBe(200);
        // Internal tokens are not concerned.
        expect((await asReviewer(await t.token('reviewer', 'staff-1'))).status).toBe(200);
        const health = await t.request('GET', '/health');
        expect(health.status).toBe(200);
        expect(health.body.status).toBe('ok');
        expect(health.body.details.identityProvider).toMatchObject({ status: 'down', issuer: idp.issuer, message: expect.stringMatching(/fetch failed|ECONNREFUSED/), keys: 2 });
        await idp.setKeys([upcoming, rsa, ec]);
      } finally {
        await idp.start();
      }
      expect((await asReviewer(needsFetch)).status).toBe(200);
      expect((await asReviewer(await idp.token('staff-linh'))).status).toBe(200);
      const health = await t.request('GET', '/health');
      expect(health.body.details.identityProvider).toMatchObject({ status: 'up', keys: 3 });
    });
  });
});

describe('the development sign-in in production', () => {
  it('is absent with NODE_ENV=production: POST /v1/dev/sign-in is 404', async () => {
    const { devSignIn } = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: randomBytes(32).toString('hex') });
    expect(devSignIn).toBe(false);
    const t = await startTestApp({ config: { devSignIn } });
    try {
      const r = await t.request('POST', '/v1/dev/sign-in', { body: { role: 'reviewer', sub: 'staff-1' } });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});
