import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npx ts-node --transpile-only bench/profile-summary.ts FILE.cpuprofile [--phase NAME] [--by package|function] [--top N]`:
 * the self time of a V8 CPU profile (`node --cpu-prof`, `BENCH_PROFILE`), grouped by npm package
 * (the folder after the last `node_modules/`), by our file (its path in the repository, `dist/`
 * left out), by Node's own module (`node:net`) or by V8's pseudo-frames (`(garbage collector)`,
 * `(program)`: the VM and native code outside JavaScript, `(idle)`: waiting for events).
 * A native function without a file (`JSON.parse`, a builtin) counts for the group of the frame
 * that called it, so a package's parsing stays the package's.
 *
 * `--phase NAME` keeps only the samples inside the window the bench wrote for that phase in
 * `phases.json` (looked for next to the profile and one folder up): times in the profile's own
 * clock, `process.hrtime` in microseconds, which every process of the machine shares.
 *
 * Prints the window, the busy time (every sample but `(idle)`) and the top entries by self time,
 * in ms and as a share of the busy time. `--stack TEXT` prints instead the call paths (`--depth`,
 * six frames by default, up from the sampled one) that contain TEXT, by self time: who calls `openSync`.
 */

/** The parts of a `.cpuprofile` (Chrome DevTools' `Profiler.Profile`) read here. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  /** Microseconds, `process.hrtime`'s clock. */
  readonly startTime: number;
  readonly endTime: number;
  /** The node id sampled at each tick. */
  readonly samples: readonly number[];
  /** Microseconds from the previous sample (the first from `startTime`). */
  readonly timeDeltas: readonly number[];
}

/** One phase of a bench run, as `bench/bench.ts` writes it: microseconds of `process.hrtime`. */
interface PhaseMark {
  readonly phase: string;
  readonly from: number;
  readonly to: number;
}

const SPECIAL = /^\((root|program|idle|garbage collector)\)$/;

/** The group of a frame with a file: an npm package, a module of Node, or our file. */
function groupOf(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const [first, second] = path.slice(nm + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (path.startsWith('node:')) return path;
  return relative(process.cwd(), path).replace(/^dist\//, '').replace(/\.(js|ts)$/, '');
}

/** The phase windows next to `file`, or one folder up (a process's own folder under BENCH_PROFILE). */
function phasesFor(file: string): PhaseMark[] {
  for (const dir of [dirname(file), dirname(dirname(file))]) {
    try {
      return JSON.parse(readFileSync(join(dir, 'phases.json'), 'utf8')) as PhaseMark[];
    } catch {
      /* not there */
    }
  }
  return [];
}

/**
 * Self time (ms) of each group in `profile`, over the samples between `from` and `to` (µs of the
 * profile's clock), with the window actually covered.
 */
export function selfTimes(profile: CpuProfile, by: 'package' | 'function' | { stack: string; depth?: number }, from = -Infinity, to = Infinity) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = new Map<number, string>();
  const frame = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'}${url ? ` (${groupOf(url)}:${lineNumber + 1})` : ''}`;
  };
  const stackOf = (id: number): string => {
    const path: string[] = [];
    for (let at: number | undefined = id; at !== undefined && path.length < (typeof by === 'object' ? by.depth ?? 6 : 0); at = parent.get(at)) path.push(frame(at));
    return path.join(' < ');
  };
  const labelOf = (id: number): string => {
    if (typeof by === 'object') {
      if (byId.get(id)!.callFrame.functionName === '(idle)') return '(idle)';
      const path = stackOf(id);
      return path.includes(by.stack) ? path : '(other)';
    }
    const known = label.get(id);
    if (known !== undefined) return known;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    let result: string;
    if (SPECIAL.test(name) && !url) result = name;
    else if (!url) {
      // A native frame: its caller's group.
      const up = parent.get(id);
      const caller = up === undefined ? '(native)' : labelOf(up);
      result = by === 'function' ? `${name} [native] < ${caller}` : SPECIAL.test(caller) ? '(native)' : caller;
    } else result = by === 'function' ? `${name} (${groupOf(url)}:${lineNumber + 1})` : groupOf(url);
    label.set(id, result);
    return result;
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) continue;
    first = Math.min(first, at - delta);
    last = Math.max(last, at);
    // A sample stands for the time since the previous one.
    const key = labelOf(profile.samples[i]);
    totals.set(key, (totals.get(key) ?? 0) + delta / 1000);
  }
  return { totals, windowMs: last > first ? (last - first) / 1000 : 0 };
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { phase: { type: 'string' }, by: { type: 'string', default: 'package' }, top: { type: 'string', default: '12' }, stack: { type: 'string' }, depth: { type: 'string', default: '6' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || (values.by !== 'package' && values.by !== 'function')) {
    process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [--phase NAME] [--by package|function | --stack TEXT [--depth N]] [--top N]\n');
    process.exit(2);
  }
  const file = positionals[0];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  let from = -Infinity;
  let to = Infinity;
  if (values.phase) {
    const mark = phasesFor(file).find((p) => p.phase === values.phase);
    if (!mark) {
      process.stderr.write(`no phase ${values.phase} in phases.json (phases: ${phasesFor(file).map((p) => p.phase).join(', ') || 'none'})\n`);
      process.exit(2);
    }
    ({ from, to } = mark);
  }
  const { totals, windowMs } = selfTimes(profile, values.stack ? { stack: values.stack, depth: Number(values.depth) } : values.by, from, to);
  const busy = [...totals].filter(([k]) => k !== '(idle)').reduce((s, [, ms]) => s + ms, 0);
  const top = [...totals].filter(([k]) => k !== '(idle)' && k !== '(other)').sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  process.stdout.write(`${file}${values.phase ? ` phase ${values.phase}` : ''}: ${(windowMs / 1000).toFixed(1)} s sampled, busy ${busy.toFixed(0)} ms (${((100 * busy) / Math.max(windowMs, 1)).toFixed(1)} % of one core; ${(busy / Math.max(windowMs / 1000, 0.001)).toFixed(1)} ms/s)\n`);
  for (const [key, ms] of top) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / Math.max(busy, 0.001)).toFixed(1).padStart(5)} %  ${key}\n`);
}

if (require.main === module) main();
