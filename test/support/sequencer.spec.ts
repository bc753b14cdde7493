import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KnownDurationsFirst = require('./sequencer') as new () => { sort(tests: unknown[]): Array<{ path: string }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const durations = require('./test-durations.json') as Record<string, number>;

describe('the test sequencer', () => {
  it('runs the files with kept durations longest first on a checkout with no timings (a file with none first, as jest does)', () => {
    const rootDir = join(__dirname, '..', '..');
    // What jest hands the sequencer; no cache, as on a fresh clone. Sizes would put the small file first.
    const test = (file: string, size: number) => ({ path: join(rootDir, file), context: { config: { rootDir, cache: false, id: 't' }, hasteFS: { getSize: () => size } } });
    const [longest, shorter] = Object.keys(durations).filter((f) => f.endsWith('.e2e-spec.ts'));
    expect(durations[longest]).toBeGreaterThan(durations[shorter]);
    const order = new KnownDurationsFirst().sort([test(shorter, 10), test('libs/x/unknown.spec.ts', 1), test(longest, 1)]).map((t) => t.path.slice(rootDir.length + 1));
    // Jest's own rule for a file with no duration at all: first. Then the kept durations, longest first.
    expect(order).toEqual(['libs/x/unknown.spec.ts', longest, shorter]);
  });
});
