/** Browser tests (`*.browser-spec.ts`): Playwright driving Debian's Chromium against the built console and api. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 180000,
  maxWorkers: 1,
};
