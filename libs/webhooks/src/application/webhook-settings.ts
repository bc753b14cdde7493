/** Webhook settings, from the service's configuration (issue 18). */
export interface WebhookSettings {
  /** `WEBHOOK_SIGNING_KEY`: what every subscription's signing secret is derived from (see `webhookSecret`). */
  readonly signingKey: string;
  /** `WEBHOOK_ALLOW_PRIVATE=true`: URLs on loopback, private or link-local addresses are allowed (tests, a private network). */
  readonly allowPrivate: boolean;
  /** Only `https://` URLs (`NODE_ENV=production`). */
  readonly requireHttps: boolean;
  /** One attempt's whole exchange, ms (10 s). */
  readonly timeoutMs?: number;
}

/** DI token of the {@link WebhookSettings}. */
export const WEBHOOK_SETTINGS = Symbol('WebhookSettings');
