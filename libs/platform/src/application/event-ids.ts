import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of the UUIDv5 event ids derived from idempotency keys. */
const EVENT_ID_NAMESPACE = '6f1c3f0e-5a53-4a8e-9f0b-2f4c0d7a1e42';

/**
 * Event ids for one append. With an idempotency key they are derived from it (UUIDv5 of key, stream
 * and index), so a retried command produces the same ids and the store writes nothing new; without
 * one they are random.
 */
export function eventIds(count: number, streamId: string, idempotencyKey?: string): string[] {
  return Array.from({ length: count }, (_, i) => (idempotencyKey ? uuidv5(`${idempotencyKey}\u0000${streamId}\u0000${i}`, EVENT_ID_NAMESPACE) : randomUUID()));
}
