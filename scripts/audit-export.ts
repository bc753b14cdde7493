import { openServiceStore } from './cli-database';
import { CliSpec, parseCli, runCli, STORE_ENVIRONMENT, UsageError } from './cli-run';

const SPEC: CliSpec = {
  name: 'audit:export',
  compiled: 'dist/scripts/audit-export.js',
  synopsis: '--stream STREAM | --from POSITION [--to POSITION]',
  description:
    'Writes one stream, or the global log between two positions, as JSON Lines on stdout: one event a line with every stored field, as stored (not upcast), so that an external auditor can recompute the integrity chain. Revisions and positions are decimal strings.',
  optionHelp: [
    ['--stream STREAM', 'every event of one stream, e.g. partner-vn-acc-0001'],
    ['--from POSITION', 'the global log after this position (exclusive; 0 for the start)'],
    ['--to POSITION', 'up to this position (inclusive; default the head)'],
  ],
  examples: ['npm run -s audit:export -- --stream partner-vn-acc-0001 > partner.jsonl', 'npm run -s audit:export -- --from 0 --to 48234496 > log.jsonl', 'node dist/scripts/audit-export.js --from 0 | head'],
  exitCodes: '0 written (also when the reader stops early), 1 no such stream (nothing written), 2 could not run',
  environment: STORE_ENVIRONMENT,
  options: { stream: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
};

/**
 * `npm run audit:export`: one stream, or the global log between two positions (from exclusive, to
 * inclusive), as JSON Lines, one event a line with every stored field, as stored (not upcast), so
 * an external auditor can recompute the integrity chain. Revisions and positions are decimal strings.
 * Exit 0 done (also when the reader stops early), 1 no such stream, 2 could not run.
 */
async function main(): Promise<number> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const { values } = parseCli(SPEC) as { values: { stream?: string; from?: string; to?: string } };
  const decimal = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d{1,19}$/.test(v)) throw new UsageError(`--${name} must be a position (a decimal integer)`);
    return BigInt(v);
  };
  const from = decimal(values.from, 'from');
  const to = decimal(values.to, 'to');
  if ((values.stream === undefined) === (from === undefined)) throw new UsageError('give either --stream or --from');
  if (values.stream !== undefined && to !== undefined) throw new UsageError('--to goes with --from, not --stream');
  const { database, store } = await openServiceStore();
  const line = (e: { revision: bigint; position: bigint }) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n';
  try {
    if (values.stream !== undefined) {
      let next = 0n;
      for (;;) {
        const page = await store.readStream(values.stream, { fromRevision: next, maxCount: 1000 });
        // A mistyped stream id is not an empty export: say so, and fail.
        if (next === 0n && page.length === 0) {
          process.stderr.write(`audit:export: no stream ${values.stream} (it has no events)\n`);
          return 1;
        }
        for (const e of page) process.stdout.write(line(e));
        if (page.length < 1000) break;
        next = page[page.length - 1].revision + 1n;
      }
      return 0;
    }
    let after = from!;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      for (const e of page) {
        if (to !== undefined && e.position > to) return 0;
        process.stdout.write(line(e));
      }
      if (page.length === 0) return 0;
      after = page[page.length - 1].position;
    }
  } finally {
    await store.close();
    await database.close();
  }
}

runCli(SPEC, main);
