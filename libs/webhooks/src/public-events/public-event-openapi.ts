import type { OpenAPIObject } from '@nestjs/swagger';
import committed from './public-event-schemas.json';

/**
 * The schema of one public event type, an OpenAPI 3.0 Schema Object (JSON Schema as OpenAPI 3.0
 * writes it: `nullable`, one-value `enum` for a constant), which Ajv validates too.
 */
export type PublicEventSchema = {
  type: 'object';
  description?: string;
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  [keyword: string]: unknown;
};

/**
 * The schema of every public event type, by type: `public-event-schemas.json`, generated from the
 * TypeScript event types by `npm run openapi` (scripts/public-event-schemas.ts) and committed, since
 * the api runs without its TypeScript sources. test/openapi.e2e-spec.ts fails when it is stale.
 */
export const PUBLIC_EVENT_SCHEMAS: Readonly<Record<string, PublicEventSchema>> = committed as unknown as Record<string, PublicEventSchema>;

/** The name of a public event type's schema in the OpenAPI document: `WebhookEventPartnerApproved`. */
export const webhookEventSchemaName = (type: string) => `WebhookEvent${type}`;

/**
 * Adds the public events to an OpenAPI document's `components.schemas`: `WebhookEvent<Type>` per
 * type, and `WebhookEvent`, one of them by `type` (the body of every webhook delivery). `schemas`:
 * the committed ones unless given (`npm run openapi` passes those it has just generated).
 */
export function withWebhookEventSchemas(document: OpenAPIObject, schemas: Readonly<Record<string, PublicEventSchema>> = PUBLIC_EVENT_SCHEMAS): OpenAPIObject {
  const types = Object.keys(schemas).sort();
  const ref = (type: string) => `#/components/schemas/${webhookEventSchemaName(type)}`;
  const union = {
    description: 'The body of a webhook delivery: one public event, by `type`. Receivers read `version` before `data` (docs/webhooks.md, "What is sent").',
    oneOf: types.map((type) => ({ $ref: ref(type) })),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((type) => [type, ref(type)])) },
  };
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...Object.fromEntries(types.map((type) => [webhookEventSchemaName(type), schemas[type]])), WebhookEvent: union },
  };
  return document;
}
