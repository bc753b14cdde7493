import { JsonObject } from '@pp/event-store';

/** The caller, as the JWT names it. `role` is one of SPEC section 1's roles. */
export interface Actor {
  readonly role: 'partner' | 'customer' | 'reviewer' | 'service' | 'auditor' | 'system';
  /** Who: the token's `sub`. */
  readonly id: string;
  /** The account the caller acts for (partner and customer roles). */
  readonly account?: string;
}

/**
 * Everything about one command that is not its payload: who, when, which request, and the
 * idempotency key that event ids are derived from. Built once at the edge (HTTP, CLI, reactor).
 */
export interface CommandContext {
  readonly actor: Actor;
  /** The time the command is decided at (one instant for the whole command). */
  readonly now: Date;
  /** Ties together everything one business flow caused; from `X-Correlation-Id` or the request id. */
  readonly correlationId: string;
  /** The message that caused this command: the request id, or the event id for a reactor. */
  readonly causationId: string;
  /** `Idempotency-Key` scoped to the caller; absent when the caller sent none. */
  readonly idempotencyKey?: string;
}

/**
 * Metadata stored with every event (ARCHITECTURE.md "Events"). `occurredAt` is UTC ISO-8601.
 */
export interface EventMetadata extends JsonObject {
  eventId: string;
  schemaVersion: number;
  correlationId: string;
  causationId: string;
  actor: { role: string; id: string };
  command: string;
  occurredAt: string;
  /** Hash of the previous event in the stream; null for its first event. */
  previousHash: string | null;
  /** Hash of this event, see `eventHash`. */
  hash: string;
}
