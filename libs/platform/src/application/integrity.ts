import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { JsonObject } from '@pp/event-store';

/**
 * The hash that chains an event to its predecessor in its stream (SPEC section 8): SHA-256 (hex) of
 * the RFC 8785 canonical JSON of `{ streamId, revision, type, data, metadata }`, where the metadata
 * holds `previousHash` (the predecessor's hash, null for revision 0) and not `hash` itself. Changing
 * or removing any event breaks every link after it.
 */
export function eventHash(event: { streamId: string; revision: bigint; type: string; data: JsonObject; metadata: JsonObject }): string {
  const { hash: _own, ...metadata } = event.metadata;
  const canonical = canonicalize({ streamId: event.streamId, revision: event.revision.toString(), type: event.type, data: event.data, metadata });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
