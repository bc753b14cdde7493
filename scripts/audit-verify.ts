import { hasEventCounting } from '@pp/event-store';
import { verifyLog } from '@pp/audit';
import { SingleBar, Presets } from 'cli-progress';
import { openServiceStore } from './cli-database';
import { runCli } from './cli-run';

/**
 * `npm run audit:verify`: walks every stream of the log through the integrity chain and reports the
 * first broken link. Exit 0: intact; 1: broken (printed); 2: could not run.
 */
async function main(): Promise<number> {
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

runCli('audit:verify', main);
