import { conflict, Decider, DomainError, notFound, ruleViolation } from '@pp/platform';
import { WEBHOOK_ROTATION_GRACE_MS, WebhookEvent, WebhookOwner } from './webhook.events';

/** Who asks: a role and, for a partner, its account. */
export interface WebhookCaller {
  readonly role: string;
  readonly account?: string;
}

/** A secret version and its fingerprint; `validUntil` (UTC ISO-8601) for the one a rotation replaced. */
export interface SecretVersion {
  readonly version: number;
  readonly fingerprint: string;
  readonly validUntil?: string;
}

/** State of `webhook-{subscriptionId}`. */
export type WebhookState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'failing' | 'deleted';
      readonly subscriptionId: string;
      readonly url: string;
      readonly eventTypes: readonly string[];
      readonly partnerId: string | null;
      readonly owner: WebhookOwner;
      readonly contactEmail: string | null;
      readonly secret: SecretVersion;
      readonly previousSecret: SecretVersion | null;
    };

/** Commands of a subscription. `by`: the caller, for the ownership check. */
export type WebhookCommand =
  | {
      readonly type: 'CreateWebhookSubscription';
      readonly subscriptionId: string;
      readonly url: string;
      readonly eventTypes: readonly string[];
      readonly partnerId: string | null;
      readonly owner: WebhookOwner;
      readonly contactEmail: string | null;
    }
  | { readonly type: 'RotateWebhookSecret'; readonly subscriptionId: string; readonly by: WebhookCaller }
  | { readonly type: 'RequestWebhookRedelivery'; readonly subscriptionId: string; readonly by: WebhookCaller; readonly fromPosition: bigint }
  | { readonly type: 'DeleteWebhookSubscription'; readonly subscriptionId: string; readonly by: WebhookCaller }
  | {
      readonly type: 'MarkWebhookFailing';
      readonly subscriptionId: string;
      readonly failingSince: string;
      readonly lastError: string;
      readonly stuckAt: bigint;
      readonly attempts: number;
    };

/** The decider's context: time, the event types a subscription may ask for, and the fingerprint of a secret version (derived from the signing key). */
export interface WebhookContext {
  readonly now: Date;
  readonly publicEventTypes: ReadonlySet<string>;
  readonly fingerprintOf: (subscriptionId: string, version: number) => string;
}

/** Whether `caller` may see and manage the subscription: the provider's systems all, a partner its own. */
export function mayManage(state: WebhookState, caller: WebhookCaller): boolean {
  if (state.status === 'none') return false;
  if (caller.role === 'service') return true;
  return caller.role === 'partner' && state.owner.role === 'partner' && state.owner.partnerId === caller.account;
}

const MAX_EVENT_TYPES = 100;

/**
 * Decider of `webhook-{subscriptionId}` (issue 18).
 *
 * CreateWebhookSubscription: at least one event type, each public (`WEBHOOK_EVENT_TYPE_UNKNOWN`, 400,
 * naming them); a service subscription names a `contactEmail` (`WEBHOOK_CONTACT_REQUIRED`, 422), a
 * partner one is scoped to its partner. The same subscription again (same id, same content) is a
 * no-op; other content under the id is `WEBHOOK_EXISTS` (409).
 * RotateWebhookSecret: a new version; the old one signs too for {@link WEBHOOK_ROTATION_GRACE_MS}.
 * RequestWebhookRedelivery: from a position on (> 0), and a failing subscription is active again.
 * DeleteWebhookSubscription: once; deleting again is a no-op. MarkWebhookFailing (the delivery
 * reactor): an active subscription becomes failing; otherwise a no-op.
 * A subscription the caller may not manage, or one deleted (but for DeleteWebhookSubscription), is
 * `WEBHOOK_NOT_FOUND` (404): a partner learns nothing of others' subscriptions.
 */
export const webhookDecider: Decider<WebhookCommand, WebhookState, WebhookEvent, WebhookContext> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'WebhookSubscriptionCreated': {
        const d = event.data;
        return {
          status: 'active',
          subscriptionId: d.subscriptionId,
          url: d.url,
          eventTypes: d.eventTypes,
          partnerId: d.partnerId,
          owner: d.owner,
          contactEmail: d.contactEmail,
          secret: { version: d.secretVersion, fingerprint: d.secretFingerprint },
          previousSecret: null,
        };
      }
      case 'WebhookSecretRotated':
        if (state.status === 'none') return state;
        return { ...state, previousSecret: { ...state.secret, validUntil: event.data.previousValidUntil }, secret: { version: event.data.secretVersion, fingerprint: event.data.secretFingerprint } };
      case 'WebhookRedeliveryRequested':
        return state.status === 'failing' ? { ...state, status: 'active' } : state;
      case 'WebhookSubscriptionFailing':
        return state.status === 'active' ? { ...state, status: 'failing' } : state;
      case 'WebhookSubscriptionDeleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
    }
  },

  decide(command, state, { now, publicEventTypes, fingerprintOf }) {
    const at = now.toISOString();
    const missing = () => notFound('WEBHOOK_NOT_FOUND', `no webhook subscription ${command.subscriptionId}`);
    switch (command.type) {
      case 'CreateWebhookSubscription': {
        const unknown = command.eventTypes.filter((t) => !publicEventTypes.has(t));
        if (command.eventTypes.length === 0 || command.eventTypes.length > MAX_EVENT_TYPES) {
          throw new DomainError('WEBHOOK_EVENT_TYPE_UNKNOWN', 'invalid', `name 1 to ${MAX_EVENT_TYPES} event types`);
        }
        if (unknown.length) throw new DomainError('WEBHOOK_EVENT_TYPE_UNKNOWN', 'invalid', `not public event types: ${unknown.slice(0, 10).join(', ')}`, { unknown: unknown.slice(0, 10) });
        if (command.owner.role === 'service' && !command.contactEmail) throw ruleViolation('WEBHOOK_CONTACT_REQUIRED', 'a service subscription names a contactEmail: who hears when its deliveries fail');
        const eventTypes = [...new Set(command.eventTypes)].sort();
        if (state.status !== 'none') {
          const same =
            state.url === command.url &&
            state.partnerId === command.partnerId &&
            state.contactEmail === command.contactEmail &&
            state.owner.role === command.owner.role &&
            state.owner.partnerId === command.owner.partnerId &&
            state.eventTypes.join() === eventTypes.join();
          if (same) return [];
          throw conflict('WEBHOOK_EXISTS', `webhook subscription ${command.subscriptionId} exists with other content`);
        }
        return [
          {
            type: 'WebhookSubscriptionCreated',
            data: {
              subscriptionId: command.subscriptionId,
              url: command.url,
              eventTypes,
              partnerId: command.partnerId,
              owner: command.owner,
              contactEmail: command.contactEmail,
              secretVersion: 1,
              secretFingerprint: fingerprintOf(command.subscriptionId, 1),
              createdAt: at,
            },
          },
        ];
      }
      case 'RotateWebhookSecret': {
        if (state.status === 'none' || state.status === 'deleted' || !mayManage(state, command.by)) throw missing();
        const version = state.secret.version + 1;
        const previousValidUntil = new Date(now.getTime() + WEBHOOK_ROTATION_GRACE_MS).toISOString();
        return [{ type: 'WebhookSecretRotated', data: { subscriptionId: command.subscriptionId, secretVersion: version, secretFingerprint: fingerprintOf(command.subscriptionId, version), previousValidUntil, rotatedAt: at } }];
      }
      case 'RequestWebhookRedelivery': {
        if (state.status === 'none' || state.status === 'deleted' || !mayManage(state, command.by)) throw missing();
        if (command.fromPosition < 1n) throw new DomainError('VALIDATION_FAILED', 'invalid', 'fromPosition is a log position, 1 or more');
        return [{ type: 'WebhookRedeliveryRequested', data: { subscriptionId: command.subscriptionId, fromPosition: command.fromPosition.toString(), requestedAt: at } }];
      }
      case 'DeleteWebhookSubscription': {
        if (state.status === 'none' || !mayManage(state, command.by)) throw missing();
        if (state.status === 'deleted') return [];
        return [{ type: 'WebhookSubscriptionDeleted', data: { subscriptionId: command.subscriptionId, deletedAt: at } }];
      }
      case 'MarkWebhookFailing': {
        if (state.status !== 'active') return [];
        return [
          {
            type: 'WebhookSubscriptionFailing',
            data: {
              subscriptionId: command.subscriptionId,
              failingSince: command.failingSince,
              lastError: command.lastError.slice(0, 500),
              stuckAt: command.stuckAt.toString(),
              attempts: command.attempts,
              markedAt: at,
              url: state.url,
              contactEmail: state.contactEmail,
              ownerPartnerId: state.owner.partnerId,
            },
          },
        ];
      }
    }
  },
};
