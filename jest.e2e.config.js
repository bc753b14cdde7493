/** `npm run test:e2e`: the end-to-end tests that start processes of their own or run for minutes (test/tiers.js). */
const base = require('./jest.config');
const { PROCESS_E2E } = require('./test/tiers');

module.exports = {
  ...base,
  testRegex: undefined,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: PROCESS_E2E.map((file) => `<rootDir>/${file}`),
};
