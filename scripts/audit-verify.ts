import { verifyLog } from '@pp/audit/verify-chain';
import { SingleBar, Presets } from 'cli-progress';
import { openServiceStore } from './cli-database';

/**
 * `npm run audit:verify`: walks every stream of the log through the integrity chain and reports the
 * first broken link. Exit 0: intact; 1: broken (printed); 2: could not run.
 */
async function main(): Promise<void> {
  const { database, store } = await openServiceStore();
  try {
    const total = store.countEvents ? Number(await store.countEvents()) : 0;
    const bar = new SingleBar({ format: 'verifying |{bar}| {percentage}% {value}/{total} events', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
    bar.start(total, 0);
    const report = await verifyLog(store, (checked) => bar.update(checked));
    bar.update(report.events);
    bar.stop();
    if (report.firstBreak) {
      const b = report.firstBreak;
      process.stdout.write(`BROKEN: stream ${b.streamId}, revision ${b.revision}${b.position ? `, position ${b.position}` : ''}: ${b.reason}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`intact: ${report.events} events in ${report.streams} streams verified${report.unchained ? ` (${report.unchained} written before the chain, not covered)` : ''}\n`);
    }
  } finally {
    await store.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
