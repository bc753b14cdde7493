import { createHmac } from 'node:crypto';
import { UnauthenticatedError } from './auth-errors';
import { TokenVerifier, VERIFIED_TOKENS_KEPT } from './token-verifier';

const SECRET = 'a-test-secret-of-at-least-32-characters';
/** 2026-11-23T03:00:00Z in seconds. */
const NOW = 1_795_402_800;

/** An HS256 token with this payload, signed with `secret`. */
function craft(payload: Record<string, unknown>, secret = SECRET): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A verifier whose clock the test moves. */
function verifierAt(start: number) {
  const clock = { now: start };
  return { clock, verifier: new TokenVerifier(SECRET, undefined, () => clock.now) };
}

describe(TokenVerifier.name, () => {
  it('answers a token it verified before with the same claims, and refuses it from its exp on', async () => {
    const { clock, verifier } = verifierAt(NOW);
    const token = craft({ sub: 'staff-1', role: 'reviewer', iat: NOW, exp: NOW + 60 });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'staff-1', role: 'reviewer', account: undefined });
    clock.now = NOW + 59;
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'staff-1', role: 'reviewer', account: undefined });
    clock.now = NOW + 60;
    await expect(verifier.verify(token)).rejects.toThrow(/expired/);
    clock.now = NOW + 30;
    // Expiry dropped it: the clock going back makes it verify again, as it would uncached.
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'staff-1' });
  });

  it('keeps refusing what it refused, and a token another secret signed', async () => {
    const { verifier } = verifierAt(NOW);
    const good = craft({ sub: 'staff-1', role: 'reviewer', exp: NOW + 60 });
    await verifier.verify(good);
    const forged = craft({ sub: 'staff-1', role: 'reviewer', exp: NOW + 60 }, 'another-secret-of-at-least-32-characters');
    for (let i = 0; i < 2; i++) await expect(verifier.verify(forged)).rejects.toThrow(UnauthenticatedError);
    const early = craft({ sub: 'staff-1', role: 'reviewer', exp: NOW + 600, nbf: NOW + 10 });
    for (let i = 0; i < 2; i++) await expect(verifier.verify(early)).rejects.toThrow(/nbf/);
  });

  it('hands out claims no caller can change for the next', async () => {
    const { verifier } = verifierAt(NOW);
    const token = craft({ sub: 'p', role: 'partner', account: 'acc-1', exp: NOW + 60 });
    const first = await verifier.verify(token);
    expect(() => ((first as { role: string }).role = 'staff')).toThrow(TypeError);
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'p', role: 'partner', account: 'acc-1' });
  });

  it(`keeps at most ${VERIFIED_TOKENS_KEPT} tokens, and one pushed out still verifies`, async () => {
    const { verifier } = verifierAt(NOW);
    const first = craft({ sub: 'staff-0', role: 'reviewer', exp: NOW + 60 });
    await verifier.verify(first);
    for (let i = 1; i <= VERIFIED_TOKENS_KEPT; i++) await verifier.verify(craft({ sub: `staff-${i}`, role: 'reviewer', exp: NOW + 60 }));
    expect((verifier as unknown as { verified: Map<string, unknown> }).verified.size).toBe(VERIFIED_TOKENS_KEPT);
    expect((verifier as unknown as { verified: Map<string, unknown> }).verified.has(first)).toBe(false);
    await expect(verifier.verify(first)).resolves.toMatchObject({ sub: 'staff-0' });
  });
});
