import { DomainError } from '../domain/domain-error';

/** Shape limits a parsed request (body, query, path parameters) must keep before anything validates or copies it. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays; the body itself is level 1. */
  readonly maxDepth: number;
}

/**
 * The limits of this API. No request needs more than 3 levels (a batch, a row, its fields), so 32
 * leaves room for growth while keeping class-transformer and class-validator, which recurse, far
 * from the stack's end.
 */
export const INPUT_LIMITS: InputLimits = { maxDepth: 32 };

/**
 * Checks a parsed request part in one walk, before any validation: its nesting depth. Recursion is
 * bounded by `limits.maxDepth`, so the check itself cannot overflow the stack.
 * @param value the parsed body, query or path parameters (anything JSON.parse or a query parser returns).
 * @throws DomainError `BODY_TOO_DEEP` (400) when nested deeper than `limits.maxDepth`.
 */
export function assertAcceptableInput(value: unknown, limits: InputLimits = INPUT_LIMITS): void {
  const walk = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== 'object') return;
    if (depth > limits.maxDepth) throw new DomainError('BODY_TOO_DEEP', 'invalid', `the request is nested deeper than ${limits.maxDepth} levels`, { maxDepth: limits.maxDepth });
    for (const element of Array.isArray(node) ? node : Object.values(node)) walk(element, depth + 1);
  };
  walk(value, 1);
}
