import 'reflect-metadata';
import { createApp } from './bootstrap';
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
  process.stdout.write(`partner-portal api listening on http://127.0.0.1:${config.port} (store: ${config.eventStore}, program: ${config.program}${config.simulatedNow ? `, SIMULATED clock started at ${config.simulatedNow}` : ''}); OpenAPI at /docs\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
