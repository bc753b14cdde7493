import { AccountRegistered } from '@pp/accounts';
import { CREDIT_EVENT_TYPES, PartnerCreditDeposited } from '@pp/credit';
import { CUSTOMER_EVENT_TYPES } from '@pp/customers';
import { aCustomer } from '@pp/customers/testing/customer.builder';
import { InMemoryEventStore, RecordedEvent } from '@pp/event-store';
import { PARTNER_EVENT_TYPES } from '@pp/partners';
import { aPartner } from '@pp/partners/testing/partner.builder';
import { CommandContext, CommandPipeline, Decider, DomainEvent, SCHEMA_VERSIONS } from '@pp/platform';
import { TEST_NOW, randomId } from '@pp/platform/testing/builders';
import { PRICE_LIST_EVENT_TYPES, PriceListPublished } from '@pp/price-lists';
import Ajv from 'ajv';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.events';
import { NOT_PUBLIC_EVENT_TYPES, PUBLIC_EVENT_TYPES, PublicEvent, publicPartnerId, toPublicEvent } from './public-event';
import { PUBLIC_EVENT_SCHEMAS, webhookEventSchemaName, withWebhookEventSchemas } from './public-event-openapi';

type Json = Record<string, any>;

/** Appends whatever events it is given: builders' events stored through the real pipeline, with the metadata every command writes. */
const emit: Decider<readonly DomainEvent[], null, DomainEvent> = { initialState: null, evolve: (state) => state, decide: (events) => [...events] };

const context: CommandContext = { actor: { role: 'partner', id: 'acc-actor' }, now: TEST_NOW, correlationId: 'corr-public-events', causationId: 'cause-public-events' };

/** The events as the store records them after one command on `streamId`. */
async function stored(store: InMemoryEventStore, streamId: string, events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
  await new CommandPipeline(store).execute({ streamId, decider: emit, command: events, commandName: 'Emit', context, deciderContext: undefined });
  return store.readStream(streamId);
}

/** Every property name at any depth of a schema, with its path. */
function propertyNames(schema: Json, path = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Object.entries((schema.properties ?? {}) as Json).flatMap(([name, s]) => [`${path}/${name}`, ...propertyNames(s, `${path}/${name}`)]);
  const nested = ['items', 'additionalProperties'].flatMap((key) => (typeof schema[key] === 'object' ? propertyNames(schema[key], `${path}/${key}`) : []));
  const alternatives = ['anyOf', 'oneOf', 'allOf'].flatMap((key) => ((schema[key] as Json[] | undefined) ?? []).flatMap((s, i) => propertyNames(s, `${path}/${key}/${i}`)));
  return [...own, ...nested, ...alternatives];
}

/** Paths of values sent that their schema does not declare (the schemas are open, so Ajv alone would let them through). */
function undeclared(value: unknown, schema: Json, path = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !schema?.properties) return [];
  return Object.entries(value as Json).flatMap(([key, v]) => {
    const declared = schema.properties[key];
    if (declared) return undeclared(v, declared, `${path}/${key}`);
    return schema.additionalProperties && typeof schema.additionalProperties === 'object' ? [] : [`${path}/${key}`];
  });
}

const SECRET_LIKE = /hash|secret|token|password/i;

describe(toPublicEvent.name, () => {
  it('leaves out the token hash of an invitation and keeps the rest of its data', async () => {
    const customer = aCustomer();
    const [recorded] = await stored(new InMemoryEventStore(), `customer-${customer.ids.accountId}`, customer.invited().events());
    const { tokenHash, ...rest } = recorded.data;
    expect(tokenHash).toBe(customer.invitation.tokenHash);

    const event = toPublicEvent(recorded)!;
    expect(event.data).toEqual(rest);
    expect(event.data).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(event)).not.toContain(customer.invitation.tokenHash);
  });

  it('gives the envelope and no metadata but the time: no actor, command, correlation or hash chain', async () => {
    const partner = aPartner();
    const store = new InMemoryEventStore();
    const [, approved] = await stored(store, `partner-${partner.partnerId}`, partner.submitted().approved().events());
    expect(approved.metadata).toMatchObject({ actor: context.actor, command: 'Emit', hash: expect.any(String), previousHash: expect.any(String) });

    const event = toPublicEvent(approved)!;
    expect(event).toEqual<PublicEvent>({
      id: approved.eventId,
      type: 'PartnerApproved',
      version: 1,
      stream: `partner-${partner.partnerId}`,
      revision: '1',
      position: approved.position.toString(),
      occurredAt: TEST_NOW.toISOString(),
      partnerId: partner.partnerId,
      data: approved.data,
    });
    const text = JSON.stringify(event);
    for (const leaked of [approved.metadata.hash, approved.metadata.previousHash, context.actor.id, context.correlationId, context.causationId, 'Emit']) expect(text).not.toContain(String(leaked));
  });

  it('upcasts first: a v1 application (one phone string) comes out at version 2, the phone split', async () => {
    const partner = aPartner();
    const [submitted] = partner.submitted().events();
    const v1 = { ...submitted.data, contact: { name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: '+84 28 3822 1234' } };
    const store = new InMemoryEventStore();
    await store.appendToStream(`partner-${partner.partnerId}`, [{ eventId: crypto.randomUUID(), type: 'PartnerRegistrationSubmitted', data: v1, metadata: { schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    const [recorded] = await store.readStream(`partner-${partner.partnerId}`);
    expect(SCHEMA_VERSIONS.PartnerRegistrationSubmitted).toBe(2);

    const event = toPublicEvent(recorded)!;
    expect(event.version).toBe(2);
    expect(event.data.contact).toEqual({ name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: { countryCode: '+84', number: '2838221234' } });
    // Recorded without metadata.occurredAt (before it was written): the store's commit time.
    expect(event.occurredAt).toBe(recorded.recordedAt);
  });

  it('is null for an event that is not public', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('account-email-a@example.vn', [{ eventId: crypto.randomUUID(), type: 'AccountEmailReserved', data: { normalizedEmail: 'a@example.vn', accountId: 'acc-1', reservedAt: TEST_NOW.toISOString() }, metadata: { schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    await store.appendToStream('webhook-w1', [{ eventId: crypto.randomUUID(), type: 'WebhookSubscriptionDeleted', data: { subscriptionId: 'w1', deletedAt: TEST_NOW.toISOString() }, metadata: { schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    const events = [...(await store.readStream('account-email-a@example.vn')), ...(await store.readStream('webhook-w1'))];
    expect(events.map(toPublicEvent)).toEqual([null, null]);
  });
});

describe(publicPartnerId.name, () => {
  it("is the event's partner where its data names one, else null", () => {
    const customer = aCustomer();
    const [invited] = customer.invited().events();
    const registered: AccountRegistered = { type: 'AccountRegistered', data: { accountId: 'acc-1', email: 'a@example.vn', normalizedEmail: 'a@example.vn', type: 'enterprise', billing: 'prepaid' } };
    expect(publicPartnerId(invited)).toBe(customer.ids.partnerId);
    expect(publicPartnerId(registered)).toBeNull();
  });
});

describe('PUBLIC_EVENT_TYPES', () => {
  it("decides for every event type of the contexts' lists whether it is public", () => {
    const known = [...PARTNER_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES, ...CREDIT_EVENT_TYPES, ...PRICE_LIST_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES];
    expect(known.filter((type) => !PUBLIC_EVENT_TYPES.includes(type as never) && !(type in NOT_PUBLIC_EVENT_TYPES))).toEqual([]);
    expect(PUBLIC_EVENT_TYPES.filter((type) => type in NOT_PUBLIC_EVENT_TYPES)).toEqual([]);
    expect(WEBHOOK_EVENT_TYPES.filter((type) => PUBLIC_EVENT_TYPES.includes(type as never))).toEqual([]);
  });

  it('has a committed schema for every public type and none for another', () => {
    expect(Object.keys(PUBLIC_EVENT_SCHEMAS).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
  });

  it('sends no property named like a hash, secret, token or password (add it to DROPPED_FIELDS)', () => {
    // The walk itself finds one where there is one.
    expect(propertyNames({ properties: { data: { properties: { invite: { anyOf: [{ properties: { tokenHash: {} } }] } } } } }).filter((p) => SECRET_LIKE.test(p.split('/').pop()!))).toEqual(['/data/invite/anyOf/0/tokenHash']);
    const found = Object.entries(PUBLIC_EVENT_SCHEMAS).flatMap(([type, schema]) => propertyNames(schema, type).filter((path) => SECRET_LIKE.test(path.split('/').pop()!)));
    expect(found).toEqual([]);
  });

  it('gives each schema its type and current version as constants', () => {
    for (const [type, schema] of Object.entries(PUBLIC_EVENT_SCHEMAS)) {
      expect([type, schema.properties.type.enum, schema.properties.version.enum]).toEqual([type, [type], [SCHEMA_VERSIONS[type] ?? 1]]);
    }
  });
});

describe('public event schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });

  /** Real events of several types, stored through the pipeline, as they go out. */
  async function samples(): Promise<PublicEvent[]> {
    const store = new InMemoryEventStore();
    const partner = aPartner();
    const customer = aCustomer({ partnerId: partner.partnerId });
    const accountId = randomId('acc');
    const registered: AccountRegistered = { type: 'AccountRegistered', data: { accountId, email: `${accountId}@example.vn`, normalizedEmail: `${accountId}@example.vn`, type: 'enterprise', billing: 'prepaid' } };
    const deposited: PartnerCreditDeposited = { type: 'PartnerCreditDeposited', data: { partnerId: partner.partnerId, amount: '50000000', currency: 'VND', reference: 'dep-1', depositedAt: TEST_NOW.toISOString() } };
    const published: PriceListPublished = {
      type: 'PriceListPublished',
      data: { priceListId: 'vngcloud-standard', version: 1, name: 'Standard', currency: 'VND', effectiveFrom: '2026-12-01', items: [{ sku: 'vm-1c1g', description: 'VM 1 vCPU 1 GB', unit: 'hour', unitPrice: '350' }], publishedAt: TEST_NOW.toISOString() },
    };
    const recorded = [
      ...(await stored(store, `account-${accountId}`, [registered])),
      ...(await stored(store, `partner-${partner.partnerId}`, partner.submitted().approved().events())),
      ...(await stored(store, `customer-${customer.ids.accountId}`, customer.invited().confirmed().approved().events())),
      ...(await stored(store, `credit-${partner.partnerId}`, [deposited])),
      ...(await stored(store, 'price-list-vngcloud-standard', [published])),
    ];
    return recorded.map((e) => toPublicEvent(e)!);
  }

  it('validates real events of each of several types, and they send nothing the schema leaves out', async () => {
    const events = await samples();
    expect(events.map((e) => e.type)).toEqual(['AccountRegistered', 'PartnerRegistrationSubmitted', 'PartnerApproved', 'CustomerInvited', 'CustomerInvitationConfirmed', 'CustomerApproved', 'PartnerCreditDeposited', 'PriceListPublished']);
    for (const event of events) {
      const validate = ajv.compile(PUBLIC_EVENT_SCHEMAS[event.type]);
      expect([event.type, validate(event) ? [] : validate.errors]).toEqual([event.type, []]);
      expect([event.type, undeclared(event, PUBLIC_EVENT_SCHEMAS[event.type])]).toEqual([event.type, []]);
    }
  });

  it('refuses what breaks a schema: a type under another name, a missing field, an undeclared token hash', async () => {
    const [, , approved, invited] = await samples();
    const validate = ajv.compile(PUBLIC_EVENT_SCHEMAS.PartnerApproved);
    expect(validate({ ...approved, type: 'PartnerRejected' })).toBe(false);
    expect(validate({ ...approved, data: { approvedAt: TEST_NOW.toISOString() } })).toBe(false);
    expect(validate({ ...approved, partnerId: undefined })).toBe(false);
    expect(undeclared({ ...invited, data: { ...invited.data, tokenHash: 'ab' } }, PUBLIC_EVENT_SCHEMAS.CustomerInvited)).toEqual(['/data/tokenHash']);
  });

  it('are in the OpenAPI document as WebhookEvent<Type> and WebhookEvent, one of them by type', async () => {
    const document = withWebhookEventSchemas({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Problem: { type: 'object' } } } });
    const schemas = document.components!.schemas as Json;
    expect(Object.keys(schemas).sort()).toEqual(['Problem', 'WebhookEvent', ...PUBLIC_EVENT_TYPES.map(webhookEventSchemaName)].sort());
    expect(schemas.WebhookEventPartnerApproved).toBe(PUBLIC_EVENT_SCHEMAS.PartnerApproved);
    expect(schemas.WebhookEvent.discriminator).toEqual({ propertyName: 'type', mapping: expect.objectContaining({ PartnerApproved: '#/components/schemas/WebhookEventPartnerApproved' }) });

    // Ajv reads the discriminator's property but not its `mapping` (OpenAPI's, for names that differ from the values).
    const { mapping: _mapping, ...discriminator } = schemas.WebhookEvent.discriminator;
    const documentAjv = new Ajv({ discriminator: true, strict: false });
    documentAjv.addSchema({ $id: 'openapi', components: { schemas: { ...schemas, WebhookEvent: { ...schemas.WebhookEvent, discriminator } } } });
    const union = documentAjv.getSchema('openapi#/components/schemas/WebhookEvent')!;
    const [, , approved] = await samples();
    expect(union(approved)).toBe(true);
    expect(union({ ...approved, type: 'CustomerApproved' })).toBe(false);
  });
});
