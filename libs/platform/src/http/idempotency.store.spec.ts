import { Logger } from '@nestjs/common';
import { Database } from '@pp/database';
import { IdempotencyStore } from './idempotency.store';

/** A database every statement of which fails, as when the server has gone away. */
const unreachable = { db: { getExecutor: () => { throw new Error('connection refused'); } } } as unknown as Database;

describe(IdempotencyStore.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a refusal it could not record, with the key hashed and without the body', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const store = new IdempotencyStore(unreachable);
    await expect(store.completeOrDrop('partner:secret-key-1', { status: 422, body: { detail: 'the body' }, problem: true }, new Date('2026-11-23T03:00:00Z'))).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0][0]);
    expect(line).toMatch(/idempotency key [0-9a-f]{12}: the 422 answer was not recorded, dropped: connection refused/);
    expect(line).not.toContain('secret-key-1');
    expect(line).not.toContain('the body');
  });
});
