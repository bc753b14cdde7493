/**
 * Answers of the api as the screens read them (the handlers' views: libs/partners get-partner,
 * libs/dashboard dashboard.queries, libs/approvals, libs/audit). Amounts are decimal strings in the
 * program currency, times UTC ISO-8601, positions decimal strings. Taken from the OpenAPI document's
 * schemas (schema.d.ts, `npm run openapi`), so a changed answer shows up here at compile time.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

/** Every command answers this (SPEC, "Reading your own writes"). */
export type CommandAnswer = Schemas['CommandAnswer'];

export type PartnerView = Schemas['PartnerView'];

export type PartnerDashboard = Schemas['PartnerDashboard'];

export type CustomerListItem = Schemas['CustomerListItem'];

/** GET /v1/price-lists (issue 17). */
export type PriceListPage = Schemas['PriceListPage'];

export interface Page<T> { items: T[]; nextCursor: string | null; position?: string }

/** One row of AddCustomer's answer, in input order. */
export type AddCustomerRow = { email: string; result: 'invited'; accountId: string } | { email: string; result: 'rejected'; code: string; reasons?: string[] };

export type ApprovalQueueItem = Schemas['ApprovalQueueItem'];

export type InvitationView = Schemas['InvitationView'];

export type AuditEvent = Schemas['AuditEvent'];

export type StateAsOf = Schemas['StateAsOf'];

export type IntegrityReport = Schemas['IntegrityView'];

/** A page of the global log or of a stream: for a stream `nextCursor` is the revision the next page starts at, for the log the position to read after. */
export type AuditPage = Schemas['AuditPage'];

/** The first broken link of the integrity chain; `position` is null for a truncation (the newest events deleted). */
export type ChainBreak = Schemas['ChainBreakView'];

/** A webhook subscription as GET /v1/webhooks lists it (never its secret); `status` is `active`, `failing` or `deleted`. */
export type WebhookSubscription = Schemas['WebhookSubscription'];

/** GET /v1/webhooks: the caller's subscriptions, oldest first, deleted ones left out. */
export type WebhookSubscriptionPage = Schemas['WebhookSubscriptionPage'];

/** GET /v1/webhooks/{subscriptionId}: one subscription (a deleted one too) at the read model's `position`. */
export type WebhookSubscriptionDetail = Schemas['WebhookSubscriptionDetail'];

/** GET /v1/webhooks/{subscriptionId}/deliveries: every attempt, newest first; `latencyMs` in milliseconds, `statusCode` null when no answer came. */
export type WebhookDeliveryPage = Schemas['WebhookDeliveryPage'];

/** CreateWebhookSubscription's and RotateWebhookSecret's answer: `secret` only in the first answer, never in an idempotent replay. */
export type WebhookSecretAnswer = Schemas['WebhookSecretAnswer'];

/**
 * The public event types a partner's subscription receives: those whose data carries `partnerId`
 * (partner, customer, credit and revenue events; accounts and price lists have no partner).
 */
export type PartnerWebhookEventType = Extract<Schemas['WebhookEvent'], { data: { partnerId: string } }>['type'];
