import { createHmac } from 'node:crypto';
import { CLOCK_SKEW_SECONDS, MAX_TOKEN_LIFETIME_SECONDS, mintToken, verifyToken } from './tokens';

const SECRET = 'a-test-secret-of-at-least-32-characters';
/** 2026-11-23T03:00:00Z in seconds. */
const NOW = 1_795_402_800;

/** An HS256 token with exactly this header and payload, whatever a JWT library would let us sign. */
function craft(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT', ...header })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

const claims = { sub: 'staff-1', role: 'reviewer' };

describe(verifyToken.name, () => {
  it('accepts a token minted here and gives its claims', async () => {
    const token = await mintToken({ sub: 'p', role: 'partner', account: 'acc-1' }, SECRET);
    await expect(verifyToken(token, SECRET)).resolves.toEqual({ sub: 'p', role: 'partner', account: 'acc-1' });
  });

  it('refuses an exp more than 24 hours (and the clock skew) from now, 1e300 included', async () => {
    const limit = NOW + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS;
    expect((await verifyToken(craft({}, { ...claims, exp: limit }), SECRET, NOW)).sub).toBe('staff-1');
    for (const exp of [limit + 1, NOW + 25 * 3600, 1e300]) await expect(verifyToken(craft({}, { ...claims, exp }), SECRET, NOW)).rejects.toThrow(/expires too far/);
  });

  it('refuses an iat in the future beyond the clock skew, and an iat that is not a number', async () => {
    const exp = NOW + 3600;
    expect((await verifyToken(craft({}, { ...claims, iat: NOW + CLOCK_SKEW_SECONDS, exp }), SECRET, NOW)).sub).toBe('staff-1');
    await expect(verifyToken(craft({}, { ...claims, iat: NOW + CLOCK_SKEW_SECONDS + 1, exp }), SECRET, NOW)).rejects.toThrow(/issued in the future/);
    await expect(verifyToken(craft({}, { ...claims, iat: 'yesterday', exp }), SECRET, NOW)).rejects.toThrow(/iat/);
  });

  it('refuses any crit header: this service understands no JWS extension', async () => {
    const exp = NOW + 3600;
    for (const crit of [['x-tenant'], ['exp'], [], 'b64']) await expect(verifyToken(craft({ crit, 'x-tenant': 'a' }, { ...claims, exp }), SECRET, NOW)).rejects.toThrow(/crit/);
  });

  it('still refuses an expired token, another algorithm and a token without exp', async () => {
    await expect(verifyToken(craft({}, { ...claims, exp: NOW - 1 }), SECRET, NOW)).rejects.toThrow(/expired/);
    await expect(verifyToken(craft({ alg: 'HS512' }, { ...claims, exp: NOW + 60 }), SECRET, NOW)).rejects.toThrow();
    await expect(verifyToken(craft({}, claims), SECRET, NOW)).rejects.toThrow(/exp/);
  });

  it('refuses alg none, a bad signature, a token not yet valid (nbf) and a token that is not a JWT', async () => {
    const exp = NOW + 3600;
    const [h, p] = craft({ alg: 'none' }, { ...claims, exp }).split('.');
    await expect(verifyToken(`${h}.${p}.`, SECRET, NOW)).rejects.toThrow(/alg/);
    const token = craft({}, { ...claims, exp });
    await expect(verifyToken(`${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, SECRET, NOW)).rejects.toThrow(/signature/);
    await expect(verifyToken(craft({}, { ...claims, exp, nbf: NOW + 10 }), SECRET, NOW)).rejects.toThrow(/nbf/);
    await expect(verifyToken('not-a-token', SECRET, NOW)).rejects.toThrow(/not a JWT/);
  });
});

describe(mintToken.name, () => {
  it('will not mint a token this service would refuse for its lifetime', async () => {
    await expect(mintToken({ sub: 's', role: 'service' }, SECRET, MAX_TOKEN_LIFETIME_SECONDS + 1)).rejects.toThrow(RangeError);
    expect((await verifyToken(await mintToken({ sub: 's', role: 'service' }, SECRET, MAX_TOKEN_LIFETIME_SECONDS), SECRET)).role).toBe('service');
  });
});
