import { DomainError } from './domain-error';

/**
 * Throws the refusals of a command that checks several independent rules, so that the caller learns
 * every one that fails at once rather than one per attempt (seed 003 lists five eligibility
 * conditions; seed 004 several application conditions).
 *
 * Shape: no refusal returns; one is thrown as it is (no `reasons`, the answer every client already
 * knows); two or more are thrown as one {@link DomainError} with the first's `code` and kind (so its
 * HTTP status), the details joined with `; `, every refusal's extensions (the first one's value
 * where two name the same key) and `reasons`: every code, in the order given.
 * @param refusals the refusals in the order the rules are documented.
 */
export function refuseAll(refusals: readonly DomainError[]): void {
  if (refusals.length === 0) return;
  const [first] = refusals;
  if (refusals.length === 1) throw first;
  const extensions = Object.assign({}, ...[...refusals].reverse().map((r) => r.extensions)) as Record<string, unknown>;
  throw new DomainError(first.code, first.kind, refusals.map((r) => r.message).join('; '), { ...extensions, reasons: refusals.map((r) => r.code) });
}
