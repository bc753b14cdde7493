/**
 * `npm run test:faults`: the fault tests (issue 8), which kill and restart processes and servers.
 * They run the compiled apps (dist/, built by the script first) and take a minute or two, so they
 * are kept out of `npm test`; `.ci/run` runs both.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: 'test/faults/.*\\.fault-spec\\.ts$',
  maxWorkers: 1,
  testTimeout: 900_000, // a safety net only: see jest.config.js
};
