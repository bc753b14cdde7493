/**
 * How a refusal maps to HTTP: `rule` 422 (a business rule of SPEC sections 3-5), `conflict` 409
 * (state or concurrency), `not_found` 404, `forbidden` 403, `unauthenticated` 401, `invalid` 400,
 * `unavailable` 503 (a read model that did not catch up in time).
 */
export type DomainErrorKind = 'rule' | 'conflict' | 'not_found' | 'forbidden' | 'unauthenticated' | 'invalid' | 'unavailable';

/** HTTP status of each {@link DomainErrorKind}. */
export const HTTP_STATUS_OF: Readonly<Record<DomainErrorKind, number>> = {
  rule: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  invalid: 400,
  unavailable: 503,
};

/**
 * A refusal with a stable `code` (e.g. `ACCOUNT_NOT_ENTERPRISE`) that clients may branch on. Thrown by
 * deciders and handlers; the HTTP edge turns it into RFC 9457 problem+json. `detail` is for people,
 * `extensions` (e.g. the failed thresholds) are added to the problem document as they are.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

/** A business rule refused the command (422). */
export const ruleViolation = (code: string, detail: string, extensions?: Record<string, unknown>) => new DomainError(code, 'rule', detail, extensions);
/** The subject's state or a concurrent change conflicts with the command (409). */
export const conflict = (code: string, detail: string, extensions?: Record<string, unknown>) => new DomainError(code, 'conflict', detail, extensions);
/** The addressed subject does not exist (404). */
export const notFound = (code: string, detail: string) => new DomainError(code, 'not_found', detail);
/** The caller may not do this (403). */
export const forbidden = (detail: string) => new DomainError('FORBIDDEN', 'forbidden', detail);
