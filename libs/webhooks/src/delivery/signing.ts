import { createHash, createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * The signing secret of a subscription's `version` (1 at creation, one more at each rotation):
 * `whsec_` + base64 of HMAC-SHA256(`signingKey`, `webhook-secret:{subscriptionId}:{version}`), a
 * 32-byte key in the Standard Webhooks form that `new Webhook(secret)` takes on both sides.
 *
 * Derived, never stored: the log is append-only and kept forever, so a secret written into an event
 * could never be erased, and every backup and read model would hold it. The key
 * (`WEBHOOK_SIGNING_KEY`) is the one thing to protect, as `INVITATION_SECRET` is for invitation
 * tokens (libs/customers InvitationTokens); the events carry only {@link secretFingerprint}.
 * @param signingKey `WEBHOOK_SIGNING_KEY`, at least 32 characters.
 * @param subscriptionId the subscription's id.
 * @param version the secret version, an integer from 1.
 * @throws RangeError when the key is shorter than 32 characters or the version is not an integer from 1.
 */
export function webhookSecret(signingKey: string, subscriptionId: string, version: number): string {
  // A short key would make every subscription's secret guessable from the public subscription id.
  if (signingKey.length < 32) throw new RangeError('the webhook signing key has fewer than 32 characters');
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`secret version ${version} is not an integer from 1`);
  const key = createHmac('sha256', signingKey).update(`webhook-secret:${subscriptionId}:${version}`).digest('base64');
  return `whsec_${key}`;
}

/**
 * The first 16 hex characters of SHA-256 of a secret (as {@link webhookSecret} returns it, with its
 * `whsec_` prefix). Recorded in the subscription's events: when the secret derived now has another
 * fingerprint, `WEBHOOK_SIGNING_KEY` changed since, and the sender must not sign with a secret the
 * receiver never got. Reveals nothing usable about the secret.
 */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** The three headers of a signed delivery (Standard Webhooks). */
export interface SignedHeaders {
  /** The message id, the same on every attempt of one delivery so receivers can drop duplicates. */
  'webhook-id': string;
  /** Unix time of the attempt in whole seconds, decimal. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>` per secret, space-separated. */
  'webhook-signature': string;
  [name: string]: string;
}

/**
 * Signs one attempt per the Standard Webhooks spec with the `standardwebhooks` package: the
 * signature covers `{msgId}.{timestamp seconds}.{body}`. With two secrets (a rotation's grace
 * period) the header carries both signatures, space-separated, so a receiver holding either one
 * verifies.
 * @param secrets the secrets to sign with (`whsec_…`), newest first; at least one.
 * @param msgId the delivery's message id (`webhook-id`).
 * @param timestamp the time of the attempt: receivers refuse one more than 5 minutes off their clock.
 * @param body the exact body sent (a JSON text).
 * @throws RangeError when `secrets` is empty.
 */
export function signHeaders(secrets: readonly string[], msgId: string, timestamp: Date, body: string): SignedHeaders {
  if (secrets.length === 0) throw new RangeError('a delivery is signed with at least one secret');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(msgId, timestamp, body)).join(' '),
  };
}
