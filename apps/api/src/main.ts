import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './bootstrap';
import { consoleDir } from './console/serve-console';
import { configureOrExit } from './start-up';

async function main(): Promise<void> {
  const config = await configureOrExit('api');
  const app = await createApp(config);
  const host = config.host ?? '127.0.0.1';
  await app.listen({ port: config.port, host });
  const base = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${config.port}`;
  process.stdout.write(`partner-portal api listening on ${base} (HOST=${host}; store: ${config.eventStore}, program: ${config.program}${config.simulatedNow ? `, SIMULATED clock started at ${config.simulatedNow}` : ''}); OpenAPI at ${base}/docs\n`);
  const built = existsSync(join(config.consoleDir ?? consoleDir(), 'index.html'));
  process.stdout.write(built ? `console: open ${base}/${config.devSignIn ? ' (development sign-in: pick a role and an account)' : ''}\n` : 'console: not built (run npm run build)\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
