import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { OidcIssuer } from './oidc-issuer';

/**
 * The verifier against a minimal provider (a discovery document and a JWKS on the loopback), for
 * what the e2e test with oidc-provider does not cover: PS256 and EdDSA, a discovery document that
 * names another issuer, a provider that answers 500. test/oidc.e2e-spec.ts covers the rest.
 */
describe(OidcIssuer.name, () => {
  let server: Server;
  let issuer: string;
  let documentIssuer: () => string;
  let jwksStatus = 200;
  const published: JWK[] = [];
  const signers: Record<string, Awaited<ReturnType<typeof generateKeyPair>>['privateKey']> = {};

  beforeAll(async () => {
    for (const [alg, kid] of [['PS256', 'ps-1'], ['EdDSA', 'ed-1'], ['ES256', 'es-1']] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
      published.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
      signers[kid] = privateKey;
    }
    server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ issuer: documentIssuer(), jwks_uri: `${issuer}/jwks` }));
      if (req.url === '/jwks') return void res.writeHead(jwksStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    documentIssuer = () => issuer;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  const verifier = () => new OidcIssuer({ issuer, audience: 'api', mapping: { roleClaim: 'role', accountClaim: 'account' } });
  const sign = (kid: string, alg: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ role: 'auditor', ...claims }).setProtectedHeader({ alg, kid }).setIssuer(issuer).setAudience('api').setSubject('kpmg').setIssuedAt(typeof claims.iat === 'number' ? claims.iat : undefined).setExpirationTime('10m').sign(signers[kid]);

  it('accepts PS256, EdDSA and ES256 tokens and reports the keys it fetched', async () => {
    const v = verifier();
    expect(v.status()).toEqual({ issuer, state: 'unknown' });
    for (const [kid, alg] of [['ps-1', 'PS256'], ['ed-1', 'EdDSA'], ['es-1', 'ES256']]) await expect(v.verify(await sign(kid, alg))).resolves.toEqual({ sub: 'kpmg', role: 'auditor', account: undefined });
    expect(v.status()).toMatchObject({ state: 'up', keys: 3, jwksUri: `${issuer}/jwks` });
  });

  it('refuses a token without iat or older than 24 hours, whatever its exp', async () => {
    const v = verifier();
    const now = Math.floor(Date.now() / 1000);
    const noIat = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuer(issuer).setAudience('api').setSubject('s').setExpirationTime('10m').sign(signers['es-1']);
    await expect(v.verify(noIat)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/iat/) });
    await expect(v.verify(await sign('es-1', 'ES256', { iat: now - 25 * 3600 }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 503 when the discovery document names another issuer, and says so in its status', async () => {
    documentIssuer = () => 'https://impostor.example';
    try {
      const v = verifier();
      await expect(v.verify(await sign('es-1', 'ES256'))).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', kind: 'unavailable' });
      expect(v.status()).toMatchObject({ state: 'down', message: expect.stringMatching(/impostor/) });
    } finally {
      documentIssuer = () => issuer;
    }
  });

  it('keeps verifying with the keys it holds once they are stale and the provider fails, and shows the provider down', async () => {
    const v = new OidcIssuer({ issuer, audience: 'api', mapping: { roleClaim: 'role', accountClaim: 'account' }, jwksMaxAgeMs: 0 });
    await expect(v.verify(await sign('ed-1', 'EdDSA'))).resolves.toMatchObject({ role: 'auditor' });
    jwksStatus = 500;
    try {
      // Stale at once (max age 0): jose fetches again, fails, and the keys held answer.
      await expect(v.verify(await sign('ed-1', 'EdDSA'))).resolves.toMatchObject({ role: 'auditor' });
      expect(v.status()).toMatchObject({ state: 'down', keys: 3, message: expect.stringMatching(/200 OK/) });
    } finally {
      jwksStatus = 200;
    }
  });

  it('answers 503 while the JWKS answers 500, then recovers with a probe, as /health does', async () => {
    jwksStatus = 500;
    const v = verifier();
    try {
      await expect(v.verify(await sign('es-1', 'ES256'))).rejects.toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      expect((await v.probe()).state).toBe('down');
    } finally {
      jwksStatus = 200;
    }
    expect(await v.probe()).toMatchObject({ state: 'up', keys: 3 });
    await expect(v.verify(await sign('es-1', 'ES256'))).resolves.toMatchObject({ role: 'auditor' });
  });
});
