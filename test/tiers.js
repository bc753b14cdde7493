/**
 * The test tiers (issue 19, STYLE.md's three tiers). `npm test`: units (`*.spec.ts`), the database
 * tier on PGlite and PostgreSQL (`*.int-spec.ts`) and the HTTP tier in process (`*.e2e-spec.ts`).
 * `npm run test:e2e`: the end-to-end tests below, which start the service, the projector or the
 * operator commands as processes of their own, or run for minutes (the fuzz); `.ci/run` runs both,
 * and the fault and browser tiers (jest.faults.config.js, jest.browser.config.js).
 */
const PROCESS_E2E = [
  'test/fuzz.e2e-spec.ts', // hundreds of random command sequences against a model
  'test/cli-exit.e2e-spec.ts', // the operator commands as processes, on a closed port and a locked folder
  'test/audit-cli.e2e-spec.ts', // audit:verify, audit:export and projections:rebuild as processes
  'test/projector-takeover.e2e-spec.ts', // two projector processes, one SIGKILLed
  'test/webhooks-kill.e2e-spec.ts', // the api and two projector processes, the delivering one SIGKILLed mid-delivery
  'test/read-your-writes.e2e-spec.ts', // the projector as a process of its own, queries from the api
  'test/store-outage.e2e-spec.ts', // a full tmpfs, and the api started on folders it cannot write
  'test/price-lists-scenario.e2e-spec.ts', // npm run scenario against a started service
  'test/health-split.e2e-spec.ts', // the api and the projector on a private PostgreSQL that is stopped
  'test/start-up.e2e-spec.ts', // the api and the projector started on each bad configuration
];

module.exports = { PROCESS_E2E };
