// Preloaded into the rebuild command by `npm run bench` under BENCH_PROFILE (NODE_OPTIONS=--require):
// samples process.memoryUsage() every 20 ms and writes to BENCH_MEMORY_FILE, at exit, the sample of
// the highest RSS and the peak of each part, so that the peak RSS can be split into the V8 heap
// (heapUsed of heapTotal), memory outside it (external, arrayBuffers: Buffers, pg's sockets) and
// the rest (code, Node itself, the allocator's slack).
'use strict';
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');
const file = process.env.BENCH_MEMORY_FILE;
if (file && isMainThread) {
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  let atPeak;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples += 1;
    for (const k of Object.keys(peaks)) peaks[k] = Math.max(peaks[k], m[k]);
    if (!atPeak || m.rss > atPeak.rss) atPeak = { ...m, uptimeS: Math.round(process.uptime() * 10) / 10 };
  };
  setInterval(sample, 20).unref();
  process.on('exit', () => {
    sample();
    const inMb = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, k === 'uptimeS' ? v : mb(v)]));
    try {
      // VmHWM, not resourceUsage().maxRSS, which carries the bench's own peak across the spawn.
      const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
      writeFileSync(file, JSON.stringify({ samples, maxRssMb: hwm > 0 ? Math.round(hwm / 1024) : mb(process.resourceUsage().maxRSS * 1024), peaksMb: inMb(peaks), atPeakRssMb: inMb(atPeak) }, null, 1));
    } catch {
      /* the folder is gone */
    }
  });
}
