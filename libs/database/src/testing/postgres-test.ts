import { randomBytes } from 'node:crypto';

/**
 * The PostgreSQL server for `*.int-spec.ts` tests: `DATABASE_URL`. Without it the PostgreSQL tests
 * are reported as skipped with the reason, except under `CI=true`, where a missing server is an error.
 */
export function postgresTestUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL tests must run in CI');
  return url;
}

/** `describe` when PostgreSQL is reachable, else `describe.skip` after printing why. */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  const url = postgresTestUrl();
  if (url) {
    describe(name, () => body(url));
  } else {
    process.stdout.write(`SKIPPED "${name}": DATABASE_URL is not set, no PostgreSQL to test against\n`);
    describe.skip(name, () => body(''));
  }
}

/** A fresh schema name for one test file, so test files never see each other's rows. */
export function testSchema(prefix: string): string {
  return `t_${prefix}_${randomBytes(4).toString('hex')}`;
}
