import { AccountEvent } from '@pp/accounts';
import { CreditEvent, CustomerRevenueRecorded } from '@pp/credit';
import { CustomerEvent } from '@pp/customers';
import { JsonObject, RecordedEvent } from '@pp/event-store';
import { PartnerEvent } from '@pp/partners';
import { upcast } from '@pp/platform';
import { PriceListEvent } from '@pp/price-lists';

/**
 * What a webhook delivers (issue 18: "the public event (type, data without secrets or token
 * hashes, stream, revision, position, occurredAt), versioned"): one stored event, upcast to its
 * type's current schema version, without the fields of {@link DROPPED_FIELDS} and without any
 * metadata but its time. Its JSON Schema per type is `public-event-schemas.json`, published in the
 * OpenAPI document as `WebhookEvent<Type>`.
 */
export interface PublicEvent {
  /** The event's id (a UUID): the receiver's idempotency key, also sent as the `webhook-id` header. */
  id: string;
  /** The event type, past tense (`PartnerApproved`): one of `PUBLIC_EVENT_TYPES`. */
  type: string;
  /** The schema version `data` is at, after upcasting (1 unless the type's shape changed since); a receiver reads it before `data`. */
  version: number;
  /** The stream the event belongs to (`partner-{partnerId}`, `customer-{accountId}`, …). */
  stream: string;
  /** The event's revision within its stream, 0-based, as a decimal string (a 64-bit integer). */
  revision: string;
  /** The event's global log position, as a decimal string (a 64-bit integer): increasing in delivery order, not dense. */
  position: string;
  /** When the decision was taken, UTC ISO-8601 (the store's commit time for events recorded without one). */
  occurredAt: string;
  /** The partner the event belongs to (a partner's id is its account id); null for events of no partner (accounts, price lists). */
  partnerId: string | null;
  /** The event's data at `version`, as its type's schema gives it. */
  data: JsonObject;
}

/** Every domain event a subscriber may receive: the streams of accounts, partners, customers, credit, revenue and price lists. */
export type PublicDomainEvent = AccountEvent | PartnerEvent | CustomerEvent | CreditEvent | CustomerRevenueRecorded | PriceListEvent;

/** One of {@link PUBLIC_EVENT_TYPES}. */
export type PublicEventType = PublicDomainEvent['type'];

// A Record over the union rather than an array: an event added to one of the unions above does not
// compile until it is placed here, so whether it leaves the service is decided, not defaulted.
const PUBLIC: Record<PublicEventType, true> = {
  AccountRegistered: true,
  AccountIdentityVerified: true,
  AccountStandingRecorded: true,
  PartnerRegistrationSubmitted: true,
  PartnerApproved: true,
  PartnerRejected: true,
  PartnerProfileUpdated: true,
  PartnerCourseCompleted: true,
  PartnerAssessmentRecorded: true,
  PartnerSuspended: true,
  PartnerReinstated: true,
  PartnerTerminated: true,
  CustomerInvited: true,
  CustomerInvitationConfirmed: true,
  CustomerInvitationDeclined: true,
  CustomerInvitationCancelled: true,
  CustomerInvitationExpired: true,
  CustomerApproved: true,
  CustomerRejected: true,
  CustomerRelationshipEnded: true,
  CustomerDiscountSet: true,
  CustomerPriceListAssigned: true,
  PartnerCreditDeposited: true,
  CustomerCreditAllocated: true,
  PartnerCreditThresholdsSet: true,
  PartnerCreditThresholdCrossed: true,
  CustomerRevenueRecorded: true,
  PriceListPublished: true,
  PriceListRetired: true,
};

/**
 * The event types a webhook subscription may ask for (issue 18), grouped by context: accounts,
 * partners, customers, credit and revenue, price lists. Not among them: the uniqueness guards
 * (`AccountEmailReserved`, `AccountEmailReleased`, `BusinessLicenceClaimed`: bookkeeping of one
 * command, whose facts the account and partner events already carry) and the webhooks' own
 * events (`Webhook*`: a subscription's secret versions and failures are its owner's business,
 * read through the webhooks API). See {@link NOT_PUBLIC_EVENT_TYPES}.
 */
export const PUBLIC_EVENT_TYPES: readonly PublicEventType[] = Object.keys(PUBLIC) as PublicEventType[];

/** The event types the service records and never delivers, with why (see {@link PUBLIC_EVENT_TYPES}). */
export const NOT_PUBLIC_EVENT_TYPES: Readonly<Record<string, string>> = {
  AccountEmailReserved: 'the uniqueness guard of RegisterAccount; AccountRegistered carries the address',
  AccountEmailReleased: 'the uniqueness guard of RegisterAccount, given up when the registration failed',
  BusinessLicenceClaimed: 'the uniqueness guard of RegisterPartner; PartnerRegistrationSubmitted carries the number',
  WebhookSubscriptionCreated: "webhooks' own bookkeeping: secret fingerprints and owners",
  WebhookSecretRotated: "webhooks' own bookkeeping: secret fingerprints",
  WebhookRedeliveryRequested: "webhooks' own bookkeeping",
  WebhookSubscriptionFailing: "webhooks' own bookkeeping: receivers' errors",
  WebhookSubscriptionDeleted: "webhooks' own bookkeeping",
};

/** Top-level data fields of one type's events (keys of its `data`). */
type DataField<T extends PublicEventType> = keyof Extract<PublicDomainEvent, { type: T }>['data'] & string;

/**
 * Fields of an event's data that never leave the service, per type, and why: credentials or what
 * stands for them. Applied by {@link toPublicEvent} and by the schema generator (so the schemas
 * leave them out too); `public-event.spec.ts` fails when a public schema still has a property
 * named like a hash, secret, token or password, so a new one is seen.
 *
 * - `CustomerInvited.tokenHash`: the SHA-256 of the invitation token; with it an invitation link
 *   can be checked offline against guessed tokens, and a receiver has no use for it.
 */
export const DROPPED_FIELDS: { readonly [T in PublicEventType]?: readonly DataField<T>[] } = {
  CustomerInvited: ['tokenHash'],
};

const publicTypes: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

/** Whether events of `type` are delivered by webhooks. */
export const isPublicEventType = (type: string): type is PublicEventType => publicTypes.has(type);

/**
 * The partner a stored event belongs to, for a subscription's scope: its `data.partnerId` where it
 * has one (partner, customer and credit events), else null (accounts and price lists).
 */
export function publicPartnerId(recorded: Pick<RecordedEvent, 'data'>): string | null {
  const partnerId = recorded.data.partnerId;
  return typeof partnerId === 'string' ? partnerId : null;
}

/**
 * The public event of a stored one, or null when its type is not public ({@link PUBLIC_EVENT_TYPES}).
 * Upcasts first, so `data` is at the type's current schema version (`version`); then drops the
 * type's {@link DROPPED_FIELDS}. Of the metadata only `occurredAt` goes out (else the store's
 * `recordedAt`): actor, command, correlation and causation ids and the hash chain stay inside.
 * @throws Error when the event is at a version that no upcaster brings to the current one (as every read path).
 */
export function toPublicEvent(recorded: RecordedEvent): PublicEvent | null {
  if (!isPublicEventType(recorded.type)) return null;
  const current = upcast(recorded);
  const dropped: ReadonlySet<string> = new Set(DROPPED_FIELDS[recorded.type] ?? []);
  const data = Object.fromEntries(Object.entries(current.data).filter(([field]) => !dropped.has(field))) as JsonObject;
  const occurredAt = current.metadata.occurredAt;
  return {
    id: current.eventId,
    type: current.type,
    version: Number(current.metadata.schemaVersion ?? 1),
    stream: current.streamId,
    revision: current.revision.toString(),
    position: current.position.toString(),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : current.recordedAt,
    partnerId: publicPartnerId(current),
    data,
  };
}
