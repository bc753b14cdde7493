import { randomUUID } from 'node:crypto';

/**
 * The tests' fixed clock: Monday 2026-11-23 10:00 in Hanoi (03:00 UTC). Builders stamp their events
 * with it unless told otherwise, and `startTestApp` starts its `FixedClock` there, so expected
 * times can be written out in a test.
 */
export const TEST_NOW = new Date('2026-11-23T03:00:00.000Z');

/**
 * A fresh id with a readable prefix (`acc-1a2b3c4d`), valid as an account id (`ACCOUNT_ID_PATTERN`):
 * tests sharing one store or database never collide, and no test depends on a particular id.
 */
export function randomId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * The end of the third business day after {@link TEST_NOW} in Hanoi (Thursday 2026-11-26 23:59:59.999
 * local): when an application or a customer confirmed at TEST_NOW is due for review under
 * vngcloud's SLA. A default of the builders; a test about the SLA writes the time out itself.
 */
export const TEST_APPROVAL_DUE_AT = '2026-11-26T16:59:59.999Z';
