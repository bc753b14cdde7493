/** `npm test`: unit (`*.spec.ts`), database (`*.int-spec.ts`) and in-process HTTP (`*.e2e-spec.ts`) tests; the process end-to-end tier is `npm run test:e2e` (test/tiers.js). */
// ts-jest transpiling each file alone (tsconfig.jest.json: isolatedModules); `npm test` type-checks the whole project first with tsc.
// Not @swc/jest: tried on 2026-12-07 (its lock file is fine with npm ci), every test passed, but
// transpiling costs ts-jest only a few CPU-seconds of a run; a fresh clone's slower first run came
// from the order of the files (test/support/sequencer.js), not from the transform.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }];

const { PROCESS_E2E } = require('./test/tiers');

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', ...PROCESS_E2E.map((file) => `<rootDir>/${file}`)],
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // ESM-only dependency of @fastify/static: loaded through Node's own require (see the file).
    '^content-disposition$': '<rootDir>/test/support/native-require.js',
    // ESM-only as well (libs/auth), loaded the same way (see the file).
    '^jose$': '<rootDir>/test/support/native-jose.js',
    '^@pp/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@pp/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  // Starts PostgreSQL and EventStoreDB in containers where Docker answers and they are not configured.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Only a safety net against a hang: every wait in a test has its own deadline, scaled by the
  // machine's load and naming what it waited for (test/support/wait.ts), which fires well before.
  testTimeout: 600_000,
  // Longest first on a fresh clone too, from durations kept in the repository (see the file).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  maxWorkers: 2,
};
