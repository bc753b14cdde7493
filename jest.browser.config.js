/** Browser tests (`*.browser-spec.ts`): Playwright driving Debian's Chromium against the built console and api. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 900_000, // a safety net only: see jest.config.js
  maxWorkers: 1,
};
