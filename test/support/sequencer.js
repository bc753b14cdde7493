// Jest's own order (files that failed last time first, then the longest first), with the durations
// kept in test-durations.json for files this checkout has no timing of yet. Without them jest orders
// a fresh clone's first run by file size, and a long file that started last ran alone at the end:
// about 40 s more than a run with timings (issue 19). Refresh the file with
// `npx jest --json --outputFile=/tmp/jest.json && node test/support/write-durations.js /tmp/jest.json`
// (and the same with `-c jest.e2e.config.js`): it merges what it is given.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const durations = require('./test-durations.json');

class KnownDurationsFirst extends Sequencer {
  /** A file's last duration in this checkout's cache, else the one kept here (ms), else none (jest then goes by size). */
  time(test) {
    return super.time(test) ?? durations[relative(test.context.config.rootDir, test.path)];
  }
}

module.exports = KnownDurationsFirst;
