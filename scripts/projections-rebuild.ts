import { hasEventCounting } from '@pp/event-store';
import { ProjectionRebuilder, ProjectionRunner } from '@pp/read-store';
import { Presets, SingleBar } from 'cli-progress';
import { PROJECTION_LIST } from '../apps/api/src/projections';
import { openServiceStore } from './cli-database';
import { CliSpec, parseCli, runCli, STORE_ENVIRONMENT, UsageError } from './cli-run';

const SPEC: CliSpec = {
  name: 'projections:rebuild',
  compiled: 'dist/scripts/projections-rebuild.js',
  synopsis: 'NAME... | --all',
  description: [
    'Replays the log into fresh tables of the projections named (or of every one that can be rebuilt) and swaps them in when caught up, with a progress bar and events/s on stderr. On PostgreSQL the service keeps answering meanwhile; the embedded store takes one process at a time.',
    '',
    'Projections:',
    ...PROJECTION_LIST.map((p) => `  ${p.name}${p.notRebuildable ? ` (not rebuildable: ${p.notRebuildable})` : ''}`),
  ].join('\n'),
  optionHelp: [
    ['NAME...', 'the projections to rebuild'],
    ['--all', 'every projection that can be rebuilt (the others are named on stderr, with why)'],
  ],
  examples: ['npm run -s projections:rebuild -- partner-dashboard', 'npm run -s projections:rebuild -- --all', 'node dist/scripts/projections-rebuild.js --all'],
  exitCodes: '0 done, 2 could not run (an unknown or not rebuildable projection, a replay that failed)',
  environment: STORE_ENVIRONMENT,
  options: { all: { type: 'boolean' } },
  allowPositionals: true,
};

/**
 * `npm run projections:rebuild`: replays the log into fresh tables of one projection (or of every
 * one that can be rebuilt) and swaps them in when caught up, with a progress bar and events/s. On
 * PostgreSQL the service keeps answering meanwhile; the embedded store takes one process at a time.
 * Exit 0 done, 2 could not run.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC) as { values: { all?: boolean }; positionals: string[] };
  if (values.all && positionals.length > 0) throw new UsageError('either NAME... or --all, not both');
  if (!values.all && positionals.length === 0) throw new UsageError('name the projections to rebuild, or --all');
  const unknown = positionals.filter((name) => !PROJECTION_LIST.some((p) => p.name === name));
  if (unknown.length) throw new UsageError(`no projection ${unknown.join(', ')} (projections: ${PROJECTION_LIST.map((p) => p.name).join(', ')})`);
  const refused = PROJECTION_LIST.filter((p) => positionals.includes(p.name) && p.notRebuildable);
  if (refused.length) throw new UsageError(refused.map((p) => `${p.name} cannot be rebuilt: ${p.notRebuildable}`).join('; '));
  const chosen = values.all ? PROJECTION_LIST.filter((p) => !p.notRebuildable) : PROJECTION_LIST.filter((p) => positionals.includes(p.name));
  // Said, not silent: --all leaves these as they are.
  if (values.all) for (const p of PROJECTION_LIST.filter((q) => q.notRebuildable)) process.stderr.write(`projections:rebuild: skipping ${p.name}: ${p.notRebuildable}\n`);
  const { database, store } = await openServiceStore();
  try {
    const runner = new ProjectionRunner(database, store);
    await runner.migrate(PROJECTION_LIST);
    const rebuilder = new ProjectionRebuilder(database, store);
    // EventStoreDB keeps no cheap count of its events: the bar's total is then only a placeholder.
    const total = hasEventCounting(store) ? Number(await store.countEvents()) : 0;
    for (const projection of chosen) {
      const bar = new SingleBar({ format: `${projection.name.padEnd(18)} |{bar}| {value}/{total} events, {rate} events/s`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
      const started = Date.now();
      bar.start(Math.max(total, 1), 0, { rate: 0 });
      const result = await rebuilder.rebuild(projection, (p) => bar.update(p.events, { rate: Math.round(p.events / Math.max(0.001, (Date.now() - started) / 1000)) }));
      bar.stop();
      process.stdout.write(`${projection.name}: ${result.events} events replayed in ${result.seconds.toFixed(1)} s (${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s), swapped in at position ${result.position}\n`);
    }
    return 0;
  } finally {
    await store.close();
    await database.close();
  }
}

runCli(SPEC, main);
