import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { WebhookCommand, webhookDecider } from './webhook.decider';
import { WebhookSecretRotated, WebhookSubscriptionCreated, WebhookSubscriptionDeleted, WebhookSubscriptionFailing } from './webhook.events';

const now = new Date('2026-12-04T03:00:00.000Z');
const spec = deciderSpec(webhookDecider, { now, publicEventTypes: new Set(['PartnerApproved', 'CustomerInvited']), fingerprintOf: (id, v) => `fp-${id}-${v}` });
const partnerOwner = { role: 'partner' as const, id: 'user-1', partnerId: 'partner-a' };
const create: Extract<WebhookCommand, { type: 'CreateWebhookSubscription' }> = {
  type: 'CreateWebhookSubscription',
  subscriptionId: 'wh-1',
  url: 'https://hooks.example.com/pp',
  eventTypes: ['PartnerApproved', 'CustomerInvited', 'CustomerInvited'],
  partnerId: 'partner-a',
  owner: partnerOwner,
  contactEmail: null,
};
const created: WebhookSubscriptionCreated = {
  type: 'WebhookSubscriptionCreated',
  data: { subscriptionId: 'wh-1', url: create.url, eventTypes: ['CustomerInvited', 'PartnerApproved'], partnerId: 'partner-a', owner: partnerOwner, contactEmail: null, secretVersion: 1, secretFingerprint: 'fp-wh-1-1', createdAt: now.toISOString() },
};
const owner = { role: 'partner', account: 'partner-a' };
const other = { role: 'partner', account: 'partner-b' };
const failing: WebhookSubscriptionFailing = {
  type: 'WebhookSubscriptionFailing',
  data: {
    subscriptionId: 'wh-1',
    failingSince: '2026-12-03T02:00:00.000Z',
    lastError: 'timed out',
    stuckAt: '42',
    attempts: 30,
    markedAt: now.toISOString(),
    url: 'https://hooks.example.com/pp',
    contactEmail: null,
    ownerPartnerId: 'partner-a',
  },
};
const deleted: WebhookSubscriptionDeleted = { type: 'WebhookSubscriptionDeleted', data: { subscriptionId: 'wh-1', deletedAt: now.toISOString() } };

describe('webhookDecider', () => {
  describe('CreateWebhookSubscription', () => {
    it('creates it with its event types sorted and unique, at secret version 1', () => {
      spec.given([]).when(create).then([created]);
    });
    it('treats the same subscription again as a no-op and other content under its id as a conflict', () => {
      spec.given([created]).when(create).then([]);
      spec.given([created]).when({ ...create, url: 'https://other.example.com/' }).thenThrows('WEBHOOK_EXISTS');
    });
    it('refuses event types that are not public, and none at all', () => {
      spec.given([]).when({ ...create, eventTypes: ['PartnerApproved', 'WebhookSubscriptionCreated'] }).thenThrows('WEBHOOK_EVENT_TYPE_UNKNOWN', { unknown: ['WebhookSubscriptionCreated'] });
      spec.given([]).when({ ...create, eventTypes: [] }).thenThrows('WEBHOOK_EVENT_TYPE_UNKNOWN');
    });
    it('asks a service subscription for the address that hears of failures', () => {
      spec.given([]).when({ ...create, partnerId: null, owner: { role: 'service', id: 'billing', partnerId: null } }).thenThrows('WEBHOOK_CONTACT_REQUIRED');
    });
  });

  describe('RotateWebhookSecret', () => {
    it('moves to the next version and keeps the old one signing for a day', () => {
      const rotated: WebhookSecretRotated = { type: 'WebhookSecretRotated', data: { subscriptionId: 'wh-1', secretVersion: 2, secretFingerprint: 'fp-wh-1-2', previousValidUntil: '2026-12-05T03:00:00.000Z', rotatedAt: now.toISOString() } };
      spec.given([created]).when({ type: 'RotateWebhookSecret', subscriptionId: 'wh-1', by: owner }).then([rotated]);
      spec
        .given([created, rotated])
        .when({ type: 'RotateWebhookSecret', subscriptionId: 'wh-1', by: { role: 'service' } })
        .thenState((s) => {
          expect(s.status !== 'none' && s.secret.version).toBe(3);
          expect(s.status !== 'none' && s.previousSecret).toEqual({ version: 2, fingerprint: 'fp-wh-1-2', validUntil: '2026-12-05T03:00:00.000Z' });
        });
    });
    it("answers another partner's subscription as not found", () => {
      spec.given([created]).when({ type: 'RotateWebhookSecret', subscriptionId: 'wh-1', by: other }).thenThrows('WEBHOOK_NOT_FOUND');
      spec.given([]).when({ type: 'RotateWebhookSecret', subscriptionId: 'wh-1', by: owner }).thenThrows('WEBHOOK_NOT_FOUND');
    });
  });

  describe('RequestWebhookRedelivery', () => {
    it('makes a failing subscription active again', () => {
      spec
        .given([created, failing])
        .when({ type: 'RequestWebhookRedelivery', subscriptionId: 'wh-1', by: owner, fromPosition: 42n })
        .thenState((s, events) => {
          expect(events).toEqual([{ type: 'WebhookRedeliveryRequested', data: { subscriptionId: 'wh-1', fromPosition: '42', requestedAt: now.toISOString() } }]);
          expect(s.status).toBe('active');
        });
    });
    it('refuses a position before the log and a deleted subscription', () => {
      spec.given([created]).when({ type: 'RequestWebhookRedelivery', subscriptionId: 'wh-1', by: owner, fromPosition: 0n }).thenThrows('VALIDATION_FAILED');
      spec.given([created, deleted]).when({ type: 'RequestWebhookRedelivery', subscriptionId: 'wh-1', by: owner, fromPosition: 1n }).thenThrows('WEBHOOK_NOT_FOUND');
    });
  });

  describe('MarkWebhookFailing and DeleteWebhookSubscription', () => {
    const mark: WebhookCommand = { type: 'MarkWebhookFailing', subscriptionId: 'wh-1', failingSince: '2026-12-03T02:00:00.000Z', lastError: 'timed out', stuckAt: 42n, attempts: 30 };
    it('marks an active subscription failing once', () => {
      spec.given([created]).when(mark).then([failing]);
      spec.given([created, failing]).when(mark).then([]);
      spec.given([created, deleted]).when(mark).then([]);
    });
    it('deletes once, and only for its owner', () => {
      spec.given([created]).when({ type: 'DeleteWebhookSubscription', subscriptionId: 'wh-1', by: owner }).then([deleted]);
      spec.given([created, deleted]).when({ type: 'DeleteWebhookSubscription', subscriptionId: 'wh-1', by: owner }).then([]);
      spec.given([created]).when({ type: 'DeleteWebhookSubscription', subscriptionId: 'wh-1', by: other }).thenThrows('WEBHOOK_NOT_FOUND');
    });
  });
});
