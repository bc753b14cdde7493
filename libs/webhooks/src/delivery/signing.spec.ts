import { Webhook } from 'standardwebhooks';
import { secretFingerprint, signHeaders, webhookSecret } from './signing';

const KEY = 'k'.repeat(24) + 'signing-key-for-tests';
const body = JSON.stringify({ type: 'CustomerApproved', data: { accountId: 'a-1' } });

describe(webhookSecret.name, () => {
  it('is the same for the same key, subscription and version', () => {
    expect(webhookSecret(KEY, 'sub-1', 1)).toBe(webhookSecret(KEY, 'sub-1', 1));
  });

  it('differs by version, by subscription and by key', () => {
    const secrets = new Set([webhookSecret(KEY, 'sub-1', 1), webhookSecret(KEY, 'sub-1', 2), webhookSecret(KEY, 'sub-2', 1), webhookSecret(`${KEY}x`, 'sub-1', 1)]);
    expect(secrets.size).toBe(4);
  });

  it('is whsec_ and base64 of 32 bytes', () => {
    const secret = webhookSecret(KEY, 'sub-1', 1);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('signs and verifies with standardwebhooks', () => {
    const secret = webhookSecret(KEY, 'sub-1', 1);
    const headers = signHeaders([secret], 'msg_1', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('refuses a key shorter than 32 characters and a version below 1', () => {
    expect(() => webhookSecret('short', 'sub-1', 1)).toThrow(RangeError);
    expect(() => webhookSecret(KEY, 'sub-1', 0)).toThrow(RangeError);
    expect(() => webhookSecret(KEY, 'sub-1', 1.5)).toThrow(RangeError);
  });
});

describe(secretFingerprint.name, () => {
  it('is 16 hex characters, the same for a secret and different for another', () => {
    const a = webhookSecret(KEY, 'sub-1', 1);
    expect(secretFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(secretFingerprint(a)).toBe(secretFingerprint(a));
    expect(secretFingerprint(webhookSecret(KEY, 'sub-1', 2))).not.toBe(secretFingerprint(a));
  });
});

describe(signHeaders.name, () => {
  const at = new Date('2026-12-04T18:30:15.900Z');

  it('gives webhook-id, webhook-timestamp in whole seconds and one v1 signature', () => {
    const headers = signHeaders([webhookSecret(KEY, 'sub-1', 1)], 'msg_1', at, body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('with two secrets carries both signatures, so a receiver holding either verifies', () => {
    const next = webhookSecret(KEY, 'sub-1', 2);
    const previous = webhookSecret(KEY, 'sub-1', 1);
    const headers = signHeaders([next, previous], 'msg_2', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(webhookSecret(KEY, 'sub-1', 3)).verify(body, headers)).toThrow('No matching signature found');
  });

  it('signs the exact body: another body does not verify', () => {
    const secret = webhookSecret(KEY, 'sub-1', 1);
    const headers = signHeaders([secret], 'msg_3', new Date(), body);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow('No matching signature found');
  });

  it('refuses to sign with no secret', () => {
    expect(() => signHeaders([], 'msg_4', at, body)).toThrow(RangeError);
  });
});
