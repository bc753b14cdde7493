import { parseArgs } from 'node:util';
import { openServiceStore } from './cli-database';
import { runCli } from './cli-run';

const USAGE = 'usage: npm run audit:export -- --stream STREAM | --from POSITION [--to POSITION]  (JSON Lines on stdout)';

/**
 * `npm run audit:export`: one stream, or the global log between two positions (from exclusive, to
 * inclusive), as JSON Lines, one event a line with every stored field, as stored (not upcast), so
 * an external auditor can recompute the integrity chain. Revisions and positions are decimal strings.
 * Exit 0 done (also when the reader stops early), 2 could not run.
 */
async function main(): Promise<number> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const { values } = parseArgs({ options: { stream: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  const decimal = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d{1,19}$/.test(v)) throw new Error(`--${name} must be a position (a decimal integer)`);
    return BigInt(v);
  };
  const from = decimal(values.from, 'from');
  const to = decimal(values.to, 'to');
  if ((values.stream === undefined) === (from === undefined)) throw new Error(USAGE);
  const { database, store } = await openServiceStore();
  const line = (e: { revision: bigint; position: bigint }) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n';
  try {
    if (values.stream !== undefined) {
      let next = 0n;
      for (;;) {
        const page = await store.readStream(values.stream, { fromRevision: next, maxCount: 1000 });
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

runCli('audit:export', main);
