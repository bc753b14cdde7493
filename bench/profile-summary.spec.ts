import { join } from 'node:path';
import { selfTimes } from './profile-summary';

/** A profile of 1 ms samples: root > our file > pg > a native write, a bare GC frame, and idle. */
function profile(samples: number[]) {
  const ours = `file://${join(process.cwd(), 'dist', 'libs', 'read-store', 'src', 'projection-runner.js')}`;
  const pg = `file://${join(process.cwd(), 'node_modules', 'pg', 'lib', 'client.js')}`;
  const scoped = `file://${join(process.cwd(), 'node_modules', '@nestjs', 'core', 'router', 'x.js')}`;
  const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 6, 7] },
      { id: 2, callFrame: frame('applyPage', ours, 10), children: [4] },
      { id: 3, callFrame: frame('(garbage collector)') },
      { id: 4, callFrame: frame('query', pg, 667), children: [5] },
      { id: 5, callFrame: frame('writev') },
      { id: 6, callFrame: frame('(idle)') },
      { id: 7, callFrame: frame('route', scoped, 0) },
    ],
    startTime: 1_000_000,
    endTime: 1_000_000 + samples.length * 1000,
    samples,
    timeDeltas: samples.map(() => 1000),
  };
}

describe('profile-summary selfTimes', () => {
  it('groups self time by package, by our file (dist/ left out) and by pseudo-frame, a native frame counting for its caller', () => {
    const { totals } = selfTimes(profile([5, 5, 4, 2, 3, 6, 6, 6, 7]), 'package');
    expect(Object.fromEntries(totals)).toEqual({ pg: 3, 'libs/read-store/src/projection-runner': 1, '(garbage collector)': 1, '(idle)': 3, '@nestjs/core': 1 });
  });

  it('keeps only the samples inside the window, and says how long the window sampled', () => {
    // Sample i lands at 1,000,000 + (i + 1) * 1000 µs.
    const { totals, windowMs } = selfTimes(profile([5, 5, 2, 2, 6, 6]), 'package', 1_002_500, 1_004_500);
    expect([Object.fromEntries(totals), windowMs]).toEqual([{ 'libs/read-store/src/projection-runner': 2 }, 2]);
  });

  it('by function, names the native frame and its caller; --stack keeps the paths through the text', () => {
    const byFunction = selfTimes(profile([5, 7]), 'function').totals;
    const stacks = selfTimes(profile([5, 7, 6]), { stack: 'query' }).totals;
    expect([[...byFunction.keys()], Object.fromEntries(stacks)]).toEqual([
      ['writev [native] < query (pg:668)', 'route (@nestjs/core:1)'],
      { 'writev < query (pg:668) < applyPage (libs/read-store/src/projection-runner:11) < (root)': 1, '(other)': 1, '(idle)': 1 },
    ]);
  });
});
