import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './bootstrap';
import { consoleDir } from './console/serve-console';
import { loadConfig } from './config';
import { assertDataDirWritable, usesDataDir } from './data-dir';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (usesDataDir(config)) assertDataDirWritable(config.dataDir);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(78);
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: process.env.HOST ?? '0.0.0.0' });
  const base = `http://127.0.0.1:${config.port}`;
  process.stdout.write(`partner-portal api listening on ${base} (store: ${config.eventStore}, program: ${config.program}${config.simulatedNow ? `, SIMULATED clock started at ${config.simulatedNow}` : ''}); OpenAPI at ${base}/docs\n`);
  const built = existsSync(join(config.consoleDir ?? consoleDir(), 'index.html'));
  process.stdout.write(built ? `console: open ${base}/${config.devSignIn ? ' (development sign-in: pick a role and an account)' : ''}\n` : 'console: not built (run npm run build)\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
