import { PUBLIC_EVENT_SCHEMAS, PUBLIC_EVENT_TYPES, webhookEventSchemaName } from '@pp/webhooks';
import { readFileSync } from 'node:fs';
import { documentText, OPENAPI_JSON, SCHEMA_D_TS, schemaTypesText, sortKeys } from '../scripts/openapi-document';
import { generatePublicEventSchemas, PUBLIC_EVENT_SCHEMAS_JSON, publicEventSchemasText } from '../scripts/public-event-schemas';
import { startTestApp, TestApp } from './support/test-app';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const PROBLEM_REF = '#/components/schemas/Problem';

/** Every operation of the document: `METHOD /path` and the operation object. */
function operations(document: Json): Array<[string, Json]> {
  return Object.entries(document.paths as Json).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m): [string, Json] => [`${m.toUpperCase()} ${path}`, item[m]]));
}

/** Fails, saying how to fix it, when a generated file is not what the code gives now. */
function expectCommitted(file: string, generated: string, committed: string): void {
  try {
    expect(generated).toBe(committed);
  } catch (error) {
    (error as Error).message = `${file} differs from what the code declares: run npm run openapi and commit it\n\n${(error as Error).message}`;
    throw error;
  }
}

/** True when a schema is the Problem schema, or `allOf` it and a route's own extensions. */
const refersToProblem = (schema: Json | undefined) => schema?.$ref === PROBLEM_REF || (Array.isArray(schema?.allOf) && schema.allOf.some((s: Json) => s.$ref === PROBLEM_REF));

/**
 * Issue 14: the console's client is typed from the OpenAPI document, so the document must describe
 * every route's answers, and the committed document and types must be what the code declares.
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  let served: Json;

  beforeAll(async () => {
    t = await startTestApp();
    const r = await t.request('GET', '/docs-json');
    expect(r.status).toBe(200);
    served = r.body;
  });
  afterAll(() => t.close());

  it('is the committed apps/console/src/api/openapi.json (run npm run openapi)', () => {
    const committed = readFileSync(OPENAPI_JSON, 'utf8');
    expectCommitted('apps/console/src/api/openapi.json', documentText(served as never), committed);
  });

  it('generates the committed apps/console/src/api/schema.d.ts (run npm run openapi)', async () => {
    const committed = readFileSync(SCHEMA_D_TS, 'utf8');
    const generated = await schemaTypesText(JSON.parse(readFileSync(OPENAPI_JSON, 'utf8')));
    expectCommitted('apps/console/src/api/schema.d.ts', generated, committed);
  });

  it('is the committed libs/webhooks/src/public-events/public-event-schemas.json, generated from the event types (run npm run openapi)', () => {
    const committed = readFileSync(PUBLIC_EVENT_SCHEMAS_JSON, 'utf8');
    expectCommitted('libs/webhooks/src/public-events/public-event-schemas.json', publicEventSchemasText(generatePublicEventSchemas(), sortKeys), committed);
  });

  it('publishes the schema of every public event type, as WebhookEvent<Type> and one of them by type in WebhookEvent (issue 18)', () => {
    const schemas = served.components.schemas as Json;
    for (const type of PUBLIC_EVENT_TYPES) expect([type, schemas[webhookEventSchemaName(type)]]).toEqual([type, sortKeys(PUBLIC_EVENT_SCHEMAS[type])]);
    expect(schemas.WebhookEvent.oneOf).toHaveLength(PUBLIC_EVENT_TYPES.length);
    expect(schemas.WebhookEvent.discriminator.propertyName).toBe('type');
    expect(served.info.description).toContain('docs/webhooks.md');
  });

  it('gives every operation a success answer with a schema', () => {
    const missing = operations(served).filter(([, op]) => {
      const success = Object.entries(op.responses as Json).filter(([status]) => /^2\d\d$/.test(status));
      return success.length === 0 || success.some(([, response]) => !response.content?.['application/json']?.schema);
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('gives every operation at least one problem+json answer', () => {
    const missing = operations(served).filter(([, op]) => !Object.values(op.responses as Json).some((response) => response.content?.['application/problem+json']));
    expect(missing.map(([name]) => name)).toEqual([]);
  });

  it('documents every problem answer with the Problem schema and an example per code', () => {
    const wrong: string[] = [];
    for (const [name, op] of operations(served)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const problem = response.content?.['application/problem+json'];
        if (!problem) continue;
        if (!/^[45]\d\d$/.test(status)) wrong.push(`${name} ${status}: problem+json on a success`);
        if (!refersToProblem(problem.schema)) wrong.push(`${name} ${status}: schema is not Problem`);
        const examples = Object.values((problem.examples ?? {}) as Json);
        if (examples.length === 0 || examples.some((e) => e.value?.status !== Number(status) || typeof e.value?.code !== 'string')) wrong.push(`${name} ${status}: examples`);
      }
    }
    expect(wrong).toEqual([]);
    expect(served.components.schemas.Problem).toMatchObject({ type: 'object', additionalProperties: true, required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']) });
  });

  it('documents every route Fastify serves under /v1', () => {
    const documented = new Set(operations(served).map(([name]) => name));
    const registered = t.routes
      .filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((op) => op.includes(' /v1/') && !registered.includes(op))).toEqual([]);
  });

  it('writes the document stably: keys sorted at every depth', () => {
    const committed = JSON.parse(readFileSync(OPENAPI_JSON, 'utf8'));
    expect(JSON.stringify(sortKeys(committed))).toBe(JSON.stringify(committed));
  });
});
