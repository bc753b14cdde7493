import { hasEventCounting } from '@pp/event-store';
import { ProjectionRebuilder, ProjectionRunner } from '@pp/read-store';
import { Presets, SingleBar } from 'cli-progress';
import { readFileSync } from 'node:fs';
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
 * `npm run projections:rebuild`: replays the log once into fresh tables of the named projections (or
 * of every one that can be rebuilt) and swaps them in together when caught up, with a progress bar
 * and events/s. On PostgreSQL the service keeps answering meanwhile; the embedded store takes one process at a time.
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
    // One pass over the log for all the chosen projections, swapped in together (issue 16).
    const label = chosen.length === 1 ? chosen[0].name : `${chosen.length} projections`;
    const bar = new SingleBar({ format: `${label.padEnd(18)} |{bar}| {value} events of their types replayed (the log holds {total}), {rate} events/s`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
    const started = Date.now();
    bar.start(Math.max(total, 1), 0, { rate: 0 });
    const results = await rebuilder.rebuildAll(chosen, (p) => bar.update(p.events, { rate: Math.round(p.events / Math.max(0.001, (Date.now() - started) / 1000)) }));
    bar.stop();
    const seconds = results[0]?.seconds ?? 0;
    const events = results[0]?.events ?? 0;
    const rate = (n: number) => Math.round(n / Math.max(seconds, 0.001));
    for (const r of results) process.stdout.write(`${r.projection}: ${r.events} events replayed in ${seconds.toFixed(1)} s (${rate(r.events)} events/s), swapped in at position ${r.position}\n`);
    process.stdout.write(`one pass: ${events} events of their types replayed in ${seconds.toFixed(1)} s${total ? ` (${rate(total)} events of the log/s)` : ''}\n`);
    // Read by `npm run bench`.
    process.stdout.write(`peak RSS ${peakRssMb()} MB\n`);
    return 0;
  } finally {
    await store.close();
    await database.close();
  }
}

runCli(SPEC, main);

/**
 * This process's peak resident set, MB: `VmHWM` of /proc/self/status, the high-water mark of this
 * program's own memory. Not `process.resourceUsage().maxRSS`: Linux carries the parent's resident
 * set at the fork into the child's maxRSS across the exec, so a rebuild spawned by a large process
 * (the bench, with PGlite and its appends in memory) reported that process's size (434 MB on
 * 2026-12-08, where VmHWM read 172), not its own. Where /proc is not there, maxRSS (kilobytes on Linux) is the best there is.
 */
function peakRssMb(): number {
  try {
    const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    if (Number.isFinite(kb) && kb > 0) return Math.round(kb / 1024);
  } catch {
    /* not Linux */
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
