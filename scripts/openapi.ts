import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CliSpec, parseCli, runCli } from './cli-run';

const SPEC: CliSpec = {
  name: 'openapi',
  compiled: 'dist/scripts/openapi.js',
  synopsis: '',
  description:
    "Generates the public events' JSON Schemas from the event types (libs/webhooks/src/public-events/public-event-schemas.json), builds the api's OpenAPI document with them without listening and writes apps/console/src/api/openapi.json and schema.d.ts (the console's typed client). A development command: run it after changing a controller, a DTO or an event type.",
  examples: ['npm run -s openapi'],
  exitCodes: '0 written, 2 could not run',
};
import { buildOpenApiDocument, documentText, OPENAPI_JSON, SCHEMA_D_TS, schemaTypesText, sortKeys } from './openapi-document';
import { generatePublicEventSchemas, PUBLIC_EVENT_SCHEMAS_JSON, publicEventSchemasText } from './public-event-schemas';

/**
 * `npm run openapi`: generates the public events' JSON Schemas from the TypeScript event types and
 * writes them to libs/webhooks/src/public-events/public-event-schemas.json (keys sorted), then
 * builds the api's OpenAPI document with them, without listening (the api imported the file before
 * it was rewritten, so they are passed in), writes it to apps/console/src/api/openapi.json (keys
 * sorted, pretty) and generates apps/console/src/api/schema.d.ts from it, the types of the
 * console's openapi-fetch client. All three files are committed; `npm run build:console` runs this
 * first, and test/openapi.e2e-spec.ts fails when they differ from what the code declares. Exit 0
 * written, 2 could not run (a public event type without a schema among them).
 */
async function main(): Promise<number> {
  parseCli(SPEC);
  const eventSchemas = generatePublicEventSchemas();
  writeFileSync(PUBLIC_EVENT_SCHEMAS_JSON, publicEventSchemasText(eventSchemas, sortKeys));
  const document = await buildOpenApiDocument(eventSchemas);
  const text = documentText(document);
  writeFileSync(OPENAPI_JSON, text);
  // From the file's text, as the test regenerates them: the types follow the sorted document.
  writeFileSync(SCHEMA_D_TS, await schemaTypesText(JSON.parse(text)));
  process.stdout.write(
    `openapi: ${Object.keys(eventSchemas).length} public event types -> ${relative(process.cwd(), PUBLIC_EVENT_SCHEMAS_JSON)}; ` +
      `${Object.keys(document.paths).length} paths -> ${relative(process.cwd(), OPENAPI_JSON)}, ${relative(process.cwd(), SCHEMA_D_TS)}\n`,
  );
  return 0;
}

runCli(SPEC, main);
