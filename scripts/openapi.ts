import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CliSpec, parseCli, runCli } from './cli-run';

const SPEC: CliSpec = {
  name: 'openapi',
  compiled: 'dist/scripts/openapi.js',
  synopsis: '',
  description: "Builds the api's OpenAPI document without listening and writes apps/console/src/api/openapi.json and schema.d.ts (the console's typed client). A development command: run it after changing a controller or a DTO.",
  examples: ['npm run -s openapi'],
  exitCodes: '0 written, 2 could not run',
};
import { buildOpenApiDocument, documentText, OPENAPI_JSON, SCHEMA_D_TS, schemaTypesText } from './openapi-document';

/**
 * `npm run openapi`: builds the api's OpenAPI document without listening, writes it to
 * apps/console/src/api/openapi.json (keys sorted, pretty) and generates
 * apps/console/src/api/schema.d.ts from it, the types of the console's openapi-fetch client.
 * Both files are committed; `npm run build:console` runs this first, and test/openapi.e2e-spec.ts
 * fails when they differ from what the code declares. Exit 0 written, 2 could not run.
 */
async function main(): Promise<number> {
  parseCli(SPEC);
  const document = await buildOpenApiDocument();
  const text = documentText(document);
  writeFileSync(OPENAPI_JSON, text);
  // From the file's text, as the test regenerates them: the types follow the sorted document.
  writeFileSync(SCHEMA_D_TS, await schemaTypesText(JSON.parse(text)));
  process.stdout.write(`openapi: ${Object.keys(document.paths).length} paths -> ${relative(process.cwd(), OPENAPI_JSON)}, ${relative(process.cwd(), SCHEMA_D_TS)}\n`);
  return 0;
}

runCli(SPEC, main);
