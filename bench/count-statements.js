// Preloaded into the api and projector by `npm run bench` (NODE_OPTIONS=--require) when
// pg_stat_statements is not loaded: counts every statement this process sends through `pg`, and the
// round trips they took, and writes both ("<statements> <round trips>") to BENCH_STATEMENTS_FILE 100 ms after a statement, for statements per command
// and idle. Only when it changed: a write every 100 ms was most of an idle process's CPU (a profile
// of 2026-12-04: 87 % of the api's busy samples while idle), which the idle row then counted.
'use strict';
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');
// One file per process (a child process inherits the environment), and only the main thread: a
// worker (pino's transport) loads this too, with a `pg` of its own that counts nothing.
const file = process.env.BENCH_STATEMENTS_FILE && `${process.env.BENCH_STATEMENTS_FILE}.${process.pid}`;
if (file && isMainThread) {
  const pg = require('pg');
  let count = 0;
  let trips = 0;
  let written = -1;
  const query = pg.Client.prototype.query;
  // A projection page's held-back writes (libs/read-store/src/held-back-writes.ts) are one query
  // text of n statements, which says so in its first comment: n statements, one round trip.
  const HELD_BACK = /^\/\* pp:held-back n=(\d+) \*\//;
  // A one-shot timer after a statement, not an interval: an idle process then has no timer of the
  // counter's at all (the interval woke it 10 times a second, about 1 ms/s of an idle process's CPU
  // on bare node, 2026-12-08).
  let pending;
  const flush = () => {
    pending = undefined;
    if (trips === written) return;
    try {
      writeFileSync(file, `${count} ${trips}`);
      written = trips;
    } catch {
      /* the bench removed its folder */
    }
  };
  pg.Client.prototype.query = function countedQuery(...args) {
    const held = typeof args[0] === 'string' ? HELD_BACK.exec(args[0]) : null;
    count += held ? Number(held[1]) : 1;
    trips += 1;
    if (!pending) pending = setTimeout(flush, 100).unref();
    return query.apply(this, args);
  };
  process.on('exit', flush);
}
