import { SCHEMA_VERSIONS } from '@pp/platform';
import { DROPPED_FIELDS, PUBLIC_EVENT_TYPES, PublicEventSchema, PublicEventType } from '@pp/webhooks';
import { join } from 'node:path';
import { createGenerator, Schema } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '..');

/** The committed schemas the api publishes (it has no TypeScript sources in production). */
export const PUBLIC_EVENT_SCHEMAS_JSON = join(ROOT, 'libs', 'webhooks', 'src', 'public-events', 'public-event-schemas.json');

/** Where the event types are declared: `DomainEvent<'Type', {...}>` aliases named like their type, and `PublicEvent`. */
const SOURCES = ['libs/*/src/domain/*.events.ts', 'libs/webhooks/src/public-events/public-event.ts'];

type Json = Record<string, any>;

/**
 * The JSON Schema of every public event type (keys sorted by type), from the TypeScript event
 * types with ts-json-schema-generator: the `PublicEvent` envelope, with `type` the type's name,
 * `version` its current schema version ({@link SCHEMA_VERSIONS}) and `data` its data type without
 * its {@link DROPPED_FIELDS}. Every definition inlined (`expose: 'none'`, no `$ref`), and written
 * as OpenAPI 3.0 takes it ({@link toOpenApi30}). Deterministic; a few seconds (one TypeScript
 * program, type checking left to tsc).
 * @throws Error naming the type when a listed public type has no exported alias of its name, or a
 * schema has what OpenAPI 3.0 cannot say: `npm run openapi` stops rather than publish less.
 */
export function generatePublicEventSchemas(): Record<string, PublicEventSchema> {
  const generator = createGenerator({
    path: `${ROOT}/{${SOURCES.join(',')}}`,
    tsconfig: join(ROOT, 'tsconfig.json'),
    expose: 'none',
    topRef: false,
    jsDoc: 'extended',
    skipTypeCheck: true,
    // Open objects: a field added without a new schema version (an optional one) must not break a
    // receiver validating against the schema it downloaded.
    additionalProperties: true,
  });
  const envelope = schemaOf(generator, 'PublicEvent');
  const schemas: Record<string, PublicEventSchema> = {};
  for (const type of [...PUBLIC_EVENT_TYPES].sort()) {
    const event = schemaOf(generator, type);
    if (event.properties?.type?.const !== type) throw new Error(`public-event-schemas: ${type} is not a DomainEvent<'${type}', …>`);
    const dropped = DROPPED_FIELDS[type as PublicEventType] ?? [];
    const description = [event.description, dropped.length ? `Left out of webhook deliveries: ${dropped.map((f) => `\`${f}\``).join(', ')}.` : ''].filter(Boolean).join(' ');
    schemas[type] = toOpenApi30({
      ...envelope,
      description,
      properties: {
        ...envelope.properties,
        type: { ...envelope.properties.type, const: type },
        version: { ...envelope.properties.version, type: 'integer', const: SCHEMA_VERSIONS[type] ?? 1 },
        data: { ...withoutFields(event.properties.data, dropped), description: envelope.properties.data.description },
      },
    }) as PublicEventSchema;
  }
  return schemas;
}

/** The text of {@link PUBLIC_EVENT_SCHEMAS_JSON}: keys sorted at every depth, two-space indentation, a final newline. */
export function publicEventSchemasText(schemas: Record<string, PublicEventSchema>, sortKeys: <T>(value: T) => T): string {
  return `${JSON.stringify(sortKeys(schemas), null, 2)}\n`;
}

function schemaOf(generator: ReturnType<typeof createGenerator>, type: string): Json {
  let schema: Schema;
  try {
    schema = generator.createSchema(type);
  } catch (error) {
    throw new Error(`public-event-schemas: no schema for public event type ${type}: export \`type ${type} = DomainEvent<'${type}', {...}>\` from a libs/*/src/domain/*.events.ts (${(error as Error).message})`);
  }
  // What refers to a definition (the envelope's `data: JsonObject`, recursive) is replaced, or makes toOpenApi30 throw.
  const { $schema: _draft, definitions: _definitions, ...rest } = schema as Json;
  return rest;
}

function withoutFields(data: Json, fields: readonly string[]): Json {
  const missing = fields.filter((field) => !(field in (data.properties ?? {})));
  if (missing.length) throw new Error(`public-event-schemas: DROPPED_FIELDS names ${missing.join(', ')}, not in the data`);
  const properties = Object.fromEntries(Object.entries(data.properties as Json).filter(([field]) => !fields.includes(field)));
  const required = (data.required as string[] | undefined)?.filter((field) => !fields.includes(field));
  return { ...data, properties, ...(required ? { required } : {}) };
}

/**
 * A draft-07 schema as an OpenAPI 3.0 Schema Object, which is what the document (Nest's, 3.0)
 * holds and Ajv validates too: `const` as a one-value `enum`, a `null` in `type` as `nullable`,
 * several types as `anyOf`; TSDoc's `{@link X}` in descriptions as `` `X` ``.
 * @throws Error for what 3.0 has no words for (`$ref`, a null beside several types).
 */
export function toOpenApi30(schema: Json): Json {
  if (schema.$ref) throw new Error(`public-event-schemas: $ref ${schema.$ref} (definitions must be inlined)`);
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'const') out.enum = [value];
    else if (key === 'description') out.description = plainLinks(value as string);
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, s]) => [name, toOpenApi30(s as Json)]));
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') out[key] = toOpenApi30(value as Json);
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as Json[]).map(toOpenApi30);
    else out[key] = value;
  }
  if (Array.isArray(schema.type)) {
    const types = (schema.type as string[]).filter((t) => t !== 'null');
    const nullable = types.length < schema.type.length;
    if (types.length === 1) Object.assign(out, { type: types[0] }, nullable ? { nullable: true } : {});
    else if (!nullable) {
      delete out.type;
      out.anyOf = types.map((type) => ({ type }));
    } else throw new Error(`public-event-schemas: type ${JSON.stringify(schema.type)} (nullable with several types) has no OpenAPI 3.0 form`);
  }
  if (Array.isArray(out.anyOf) && out.anyOf.some((s: Json) => s.type === 'null')) {
    const rest = out.anyOf.filter((s: Json) => s.type !== 'null');
    delete out.anyOf;
    if (rest.length === 1) Object.assign(out, rest[0], { nullable: true });
    else Object.assign(out, { anyOf: rest, nullable: true });
  }
  return out;
}

/** TSDoc links as the generator renders them (`see  {@link  X } .`) as code spans (`see `X`.`): the document has no symbols to link to. */
function plainLinks(text: string): string {
  if (!text.includes('{@link')) return text;
  return text
    .replace(/\{@link\s+([^\s}|]+)[^}]*\}/g, '`$1`')
    .replace(/ {2,}/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ ([.,;:)])/g, '$1');
}
