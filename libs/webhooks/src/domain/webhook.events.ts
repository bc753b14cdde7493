import { DomainEvent } from '@pp/platform';

/**
 * Who owns a subscription: the provider's systems (`service`, any partner's events or all) or one
 * partner (`partner`, its own events only: `partnerId` is then its account).
 */
export type WebhookOwner = { role: 'service' | 'partner'; id: string; partnerId: string | null };

/**
 * A subscription was created (issue 18). `eventTypes`: the public event types it receives (see
 * `PUBLIC_EVENT_TYPES`); `partnerId`: only events of that partner (null: every partner's, service
 * owners only). `secretVersion` is 1; the secret itself is never recorded: it is derived from
 * `WEBHOOK_SIGNING_KEY`, the subscription id and the version, and `secretFingerprint` (16 hex of
 * its SHA-256) lets the sender see that the key changed since. `contactEmail`: who hears when
 * deliveries fail for a day (a partner's contact when null). Times UTC ISO-8601.
 */
export type WebhookSubscriptionCreated = DomainEvent<
  'WebhookSubscriptionCreated',
  {
    subscriptionId: string;
    url: string;
    eventTypes: string[];
    partnerId: string | null;
    owner: WebhookOwner;
    contactEmail: string | null;
    secretVersion: number;
    secretFingerprint: string;
    createdAt: string;
  }
>;

/**
 * The signing secret was replaced by version `secretVersion`. Until `previousValidUntil` deliveries
 * carry a signature by each secret (Standard Webhooks allows several), so a receiver can switch
 * without losing a delivery.
 */
export type WebhookSecretRotated = DomainEvent<
  'WebhookSecretRotated',
  { subscriptionId: string; secretVersion: number; secretFingerprint: string; previousValidUntil: string; rotatedAt: string }
>;

/** Deliveries again from `fromPosition` (inclusive, a global log position as a decimal string); a failing subscription becomes active. */
export type WebhookRedeliveryRequested = DomainEvent<'WebhookRedeliveryRequested', { subscriptionId: string; fromPosition: string; requestedAt: string }>;

/**
 * Deliveries failed without a break for {@link WEBHOOK_FAILING_AFTER_MS}: the subscription stops
 * trying until its owner asks for a redelivery, and its owner is mailed. `stuckAt`: the position
 * of the event it could not deliver.
 */
export type WebhookSubscriptionFailing = DomainEvent<
  'WebhookSubscriptionFailing',
  {
    subscriptionId: string;
    failingSince: string;
    lastError: string;
    stuckAt: string;
    attempts: number;
    markedAt: string;
    /** Who is mailed, from the subscription: its URL, its contact, and the partner that owns it (null: the service). */
    url: string;
    contactEmail: string | null;
    ownerPartnerId: string | null;
  }
>;

/** The subscription was deleted: nothing more is delivered to it. */
export type WebhookSubscriptionDeleted = DomainEvent<'WebhookSubscriptionDeleted', { subscriptionId: string; deletedAt: string }>;

/** Every event of a `webhook-{subscriptionId}` stream. */
export type WebhookEvent = WebhookSubscriptionCreated | WebhookSecretRotated | WebhookRedeliveryRequested | WebhookSubscriptionFailing | WebhookSubscriptionDeleted;

/** Types of {@link WebhookEvent}. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEvent['type'][] = [
  'WebhookSubscriptionCreated',
  'WebhookSecretRotated',
  'WebhookRedeliveryRequested',
  'WebhookSubscriptionFailing',
  'WebhookSubscriptionDeleted',
];

/** The stream of one subscription. */
export const webhookStream = (subscriptionId: string) => `webhook-${subscriptionId}`;

/** Retries go on for a day (issue 18: "for at least 24 hours"), then the subscription is failing. */
export const WEBHOOK_FAILING_AFTER_MS = 24 * 3600_000;

/** How long the secret before a rotation still signs: a day, for the receiver to switch. */
export const WEBHOOK_ROTATION_GRACE_MS = 24 * 3600_000;
