import type { Position } from '@kurrent/kurrentdb-client';

/** Bits of the packed position that hold an event's distance from its commit record. */
const PREPARE_BITS = 21n;
const PREPARE_SPAN = 1n << PREPARE_BITS;

/**
 * EventStoreDB orders `$all` by (commit, prepare) position: byte offsets in its transaction log,
 * where all events of one append share the commit position. The port's position is one bigint, so
 * the two are packed: `commit * 2^21 + (2^21 - 1 - (commit - prepare))`. This keeps both exactly and
 * sorts as `$all` does (within one commit, a later prepare is nearer the commit). It holds while an
 * append's events lie within 2 MiB of their commit record (EventStoreDB refuses appends above 1 MiB
 * by default) and the log is under 4 TiB (2^42 bytes).
 * @throws RangeError outside those bounds, rather than lose precision.
 */
export function packPosition(position: Position): bigint {
  const distance = position.commit - position.prepare;
  if (distance < 0n || distance >= PREPARE_SPAN) throw new RangeError(`prepare position ${position.prepare} is too far from commit ${position.commit}`);
  if (position.commit >= 1n << 42n) throw new RangeError(`commit position ${position.commit} is beyond 4 TiB`);
  return (position.commit << PREPARE_BITS) | (PREPARE_SPAN - 1n - distance);
}

/** The (commit, prepare) position a packed position stands for; see {@link packPosition}. */
export function unpackPosition(packed: bigint): Position {
  const commit = packed >> PREPARE_BITS;
  const distance = PREPARE_SPAN - 1n - (packed & (PREPARE_SPAN - 1n));
  return { commit, prepare: commit - distance };
}
