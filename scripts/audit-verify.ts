import { hasEventCounting } from '@pp/event-store';
import { verifyLog } from '@pp/audit';
import { SingleBar, Presets } from 'cli-progress';
import { openServiceStore } from './cli-database';
import { CliSpec, parseCli, runCli, STORE_ENVIRONMENT } from './cli-run';

const SPEC: CliSpec = {
  name: 'audit:verify',
  compiled: 'dist/scripts/audit-verify.js',
  synopsis: '',
  description: 'Walks every stream of the event log through its integrity chain (each event\'s hash and the hash of the one before) and prints the first broken link, or how many events were verified. Progress goes to stderr.',
  examples: ['npm run -s audit:verify', 'EVENT_STORE=postgres DATABASE_URL=postgres://app@db:5432/pp npm run -s audit:verify', 'docker compose -f docker/compose.yaml exec api node dist/scripts/audit-verify.js'],
  exitCodes: '0 intact, 1 broken (the first break printed), 2 could not run',
  environment: STORE_ENVIRONMENT,
};

/**
 * `npm run audit:verify`: walks every stream of the log through the integrity chain and reports the
 * first broken link. Exit 0: intact; 1: broken (printed); 2: could not run.
 */
async function main(): Promise<number> {
  parseCli(SPEC);
  const { database, store } = await openServiceStore();
  try {
    const total = hasEventCounting(store) ? Number(await store.countEvents()) : 0;
    const bar = new SingleBar({ format: 'verifying |{bar}| {percentage}% {value}/{total} events', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
    bar.start(total, 0);
    const report = await verifyLog(store, (checked) => bar.update(checked));
    bar.update(report.events);
    bar.stop();
    if (report.firstBreak) {
      const b = report.firstBreak;
      process.stdout.write(`BROKEN: stream ${b.streamId}, revision ${b.revision}${b.position ? `, position ${b.position}` : ''}: ${b.reason}\n`);
      return 1;
    }
    process.stdout.write(`intact: ${report.events} events in ${report.streams} streams verified${report.unchained ? ` (${report.unchained} written before the chain, not covered)` : ''}\n`);
    return 0;
  } finally {
    await store.close();
    await database.close();
  }
}

runCli(SPEC, main);
