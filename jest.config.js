/** Unit (`*.spec.ts`), database (`*.int-spec.ts`) and HTTP (`*.e2e-spec.ts`) tests in one run. */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
}];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // ESM-only dependency of @fastify/static: loaded through Node's own require (see the file).
    '^content-disposition$': '<rootDir>/test/support/native-require.js',
    '^@pp/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@pp/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
