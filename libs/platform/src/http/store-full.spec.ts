import { messages } from '@electric-sql/pglite';
import { writeFileSync } from 'node:fs';
import { DatabaseError as PgDatabaseError } from 'pg';
import { isStoreUnavailable, storeFailure, toProblem } from './problem';
import { STORE_FULL_HOLD_MS, StoreWriteMonitor } from './store-write-monitor';

/** Issue 12, item 18: a store that has no space left answers 503 STORE_UNAVAILABLE, not 500. */
describe(storeFailure.name, () => {
  /** How node-postgres (pg-protocol) and PGlite both build a server error: message, length, name, then the fields. */
  const pgError = (message: string, code: string) => Object.assign(new PgDatabaseError(message, message.length, 'error'), { code, severity: 'ERROR' });
  const pgliteError = (message: string, code: string) => Object.assign(new messages.DatabaseError(message, message.length, 'error'), { code, severity: 'ERROR' });
  /** A real ENOSPC from the kernel: /dev/full refuses every write with it. */
  const enospc = () => {
    try {
      writeFileSync('/dev/full', 'x');
    } catch (error) {
      return error;
    }
    throw new Error('/dev/full took a write');
  };

  it('recognises a full disk from PostgreSQL (53100 disk_full), PGlite and the file system', () => {
    const cases: Array<[string, unknown]> = [
      ['pg', pgError('could not extend file "base/16384/16385": No space left on device', '53100')],
      ['pglite', pgliteError('could not extend file "base/5/16385": No space left on device', '53100')],
      ['pglite temp file', pgliteError('could not write to file "base/pgsql_tmp/pgsql_tmp42.0": No space left on device', '53100')],
      ['fs', enospc()],
      ['quota', Object.assign(new Error('EDQUOT: disk quota exceeded, write'), { code: 'EDQUOT', errno: -122, syscall: 'write' })],
      ['wrapped by kysely or the pipeline', new Error('append failed', { cause: pgError('could not extend file: No space left on device', '53100') })],
    ];
    for (const [label, error] of cases) {
      expect([label, storeFailure(error), isStoreUnavailable(error)]).toEqual([label, 'full', true]);
      expect([label, toProblem(error, '/v1/accounts')]).toMatchObject([label, { status: 503, code: 'STORE_UNAVAILABLE', instance: '/v1/accounts' }]);
    }
    expect((enospc() as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });

  it('keeps an outage an outage, and other database errors 500', () => {
    expect(storeFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('unreachable');
    expect(storeFailure(pgError('terminating connection due to administrator command', '57P01'))).toBe('unreachable');
    // The KurrentDB client's own errors, and grpc-js's raw ServiceError it passes through in places (code 14 UNAVAILABLE).
    for (const type of ['unavailable', 'deadline-exceeded', 'not-leader']) expect([type, storeFailure(Object.assign(new Error(type), { type }))]).toEqual([type, 'unreachable']);
    expect(storeFailure(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} }))).toBe('unreachable');
    for (const code of [1, 3]) expect(storeFailure(Object.assign(new Error(`${code} not an outage`), { code, details: 'x', metadata: {} }))).toBeUndefined();
    for (const error of [pgError('duplicate key value violates unique constraint', '23505'), pgliteError('division by zero', '22012'), pgError('out of memory', '53200'), new Error('No space left in the queue')]) {
      expect([error.message, storeFailure(error), toProblem(error).status]).toEqual([error.message, undefined, 500]);
    }
  });
});

describe(StoreWriteMonitor.name, () => {
  const full = Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' });

  it('reports writes refused for lack of space until one succeeds, or a while after the last refusal', () => {
    const monitor = new StoreWriteMonitor();
    expect(monitor.refusal(1_000)).toBeUndefined();
    monitor.writeFailed(new Error('a bug'), 1_000);
    expect(monitor.refusal(1_000)).toBeUndefined();
    monitor.writeFailed(full, 1_000);
    monitor.writeFailed(full, 2_000);
    expect(monitor.refusal(2_500)).toMatchObject({ refusedWrites: 2, code: '53100' });
    expect(monitor.refusal(2_000 + STORE_FULL_HOLD_MS - 1)).toBeDefined();
    expect(monitor.refusal(2_000 + STORE_FULL_HOLD_MS)).toBeUndefined();
    monitor.writeFailed(full, 50_000);
    monitor.writeSucceeded();
    expect(monitor.refusal(50_001)).toBeUndefined();
  });
});
