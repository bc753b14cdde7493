/**
 * Layer rules of partner-portal (docs/decisions.md, "Layer rules"), checked by `npm run lint:deps`
 * and so by `npm test`. Every rule is an error and the code base has no known violation, so there is
 * no baseline (`.dependency-cruiser-known-violations.json`, `--ignore-known`): a violation fails.
 */

/** Test files: units, database tests and HTTP tests; the only modules that may use another lib's `testing/`. */
const TESTS = ['\\.(spec|int-spec|e2e-spec|fault-spec)\\.ts$', '^test/'];

/** Test helpers: builders, contract suites, test schemas; they may use each other, as tests use them. */
const TESTING = '^libs/[^/]+/src/testing/';

/** I/O a domain never does itself: databases, event stores, mail, the file system and the network. */
const IO = [
  '^node_modules/(pg|pg-[^/]+|kysely|kysely-[^/]+|@electric-sql|@eventstore|nodemailer|smtp-server|testcontainers)/',
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|tls|dns|child_process|cluster|worker_threads|readline)$',
];

/** A module of a lib other than its door (`libs/<lib>/src/index.ts`). */
const LIB_DEEP = '^libs/[^/]+/src/(?!index\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-no-nest',
      severity: 'error',
      comment: 'domain/ is plain TypeScript (STYLE.md 2): deciders run in unit tests without a Nest module.',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: '^node_modules/@nestjs/' },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'domain/ does no I/O (STYLE.md 2): handlers read the facts and pass them in, so decide() stays pure.',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: IO },
    },
    {
      name: 'domain-no-other-context-layers',
      severity: 'error',
      comment: "A domain depends on no other context's application/, api/ or projections/: those change with use cases and screens, the domain rules do not.",
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: { path: '^libs/[^/]+/src/(application|api|projections)/', pathNot: '^libs/$1/' },
    },
    {
      name: 'lib-through-index',
      severity: 'error',
      comment: "A context reaches another only through its index.ts (`@pp/<lib>`), the door that says what it offers; never a deep path (`@pp/<lib>/x`) or a relative path into it.",
      from: { path: '^libs/([^/]+)/', pathNot: [...TESTS, TESTING] },
      to: { path: LIB_DEEP, pathNot: '^libs/$1/' },
    },
    {
      name: 'composition-through-index',
      severity: 'error',
      comment: 'Apps, scripts and the benchmark are composition roots: they too take a lib through its index.ts.',
      from: { path: '^(apps|scripts|bench)/', pathNot: TESTS },
      to: { path: LIB_DEEP },
    },
    {
      name: 'lib-tests-through-index',
      severity: 'error',
      comment:
        // The one exception to the door rule: test helpers (event store contract suite, PostgreSQL
        // test schemas, the decider Given/When/Then, builders) live in `libs/<lib>/src/testing/` so
        // that nothing in production imports them, and only tests reach in there.
        "A lib's tests and test helpers take another lib through its index.ts too, except for its testing/ helpers.",
      from: { path: '^libs/([^/]+)/(.+\\.(spec|int-spec|e2e-spec)\\.ts|src/testing/.+)$' },
      to: { path: LIB_DEEP, pathNot: ['^libs/$1/', TESTING] },
    },
    {
      name: 'tests-through-index',
      severity: 'error',
      comment: 'The same for tests outside libs/ (test/**, specs of apps and scripts): the index, or a testing/ helper.',
      from: { path: TESTS, pathNot: '^libs/' },
      to: { path: LIB_DEEP, pathNot: TESTING },
    },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      comment: 'What makes the exception above safe: no production module imports a testing/ helper, of its own lib or another.',
      from: { pathNot: [...TESTS, TESTING] },
      to: { path: TESTING },
    },
    {
      name: 'libs-not-outside',
      severity: 'error',
      comment: 'libs/ are used by apps, scripts, tests and the benchmark, never the other way round.',
      from: { path: '^libs/' },
      to: { path: '^(apps|scripts|test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        // Type-only imports (`import type`, erased by tsc) are left out of cycles: a cycle through one
        // cannot load a module half-initialised, which is the bug this rule guards against, and a
        // decider and its helpers sharing a status type is not worth an extra file. They still count
        // for every other rule (tsPreCompilationDeps: true), so a domain cannot `import type` from Nest.
        'No module depends on itself at run time through other modules: load order would decide what is undefined.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve would escape every rule above (a path alias missing from tsconfig.json).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // tsc's view of the imports, type-only ones included, with the `@pp/*` aliases of tsconfig.json.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
