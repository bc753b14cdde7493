// Preloaded into the api and projector by `npm run bench` (NODE_OPTIONS=--require) when
// pg_stat_statements is not loaded: counts every statement this process sends through `pg` and
// writes the count to BENCH_STATEMENTS_FILE every 100 ms, for statements per command and idle.
'use strict';
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');
// One file per process (a child process inherits the environment), and only the main thread: a
// worker (pino's transport) loads this too, with a `pg` of its own that counts nothing.
const file = process.env.BENCH_STATEMENTS_FILE && `${process.env.BENCH_STATEMENTS_FILE}.${process.pid}`;
if (file && isMainThread) {
  const pg = require('pg');
  let count = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(...args) {
    count += 1;
    return query.apply(this, args);
  };
  const flush = () => {
    try {
      writeFileSync(file, String(count));
    } catch {
      /* the bench removed its folder */
    }
  };
  setInterval(flush, 100).unref();
  process.on('exit', flush);
}
