import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../api/src/app.module';
import { prepareStores, startBackground } from '../../api/src/bootstrap';
import { loadConfig } from '../../api/src/config';
import { assertDataDirWritable, usesDataDir } from '../../api/src/data-dir';

/**
 * The projector: projections and reactors (e-mail, invitation expiry) as a process of their own,
 * configured like the api. Any number may run; each projection and reactor is active in exactly one
 * of them (a PostgreSQL advisory lock), and another takes over when that one dies. SIGTERM finishes
 * the batch in hand and keeps its checkpoint.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (usesDataDir(config)) assertDataDirWritable(config.dataDir);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(78);
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, runProjections: true }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await prepareStores(app);
  await startBackground(app, config);
  process.stdout.write(`partner-portal projector running (store: ${config.eventStore}, program: ${config.program}${config.simulatedNow ? `, SIMULATED clock started at ${config.simulatedNow}` : ''})\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`projector start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
