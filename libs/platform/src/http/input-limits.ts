import { DomainError } from '../domain/domain-error';
import { FieldError, validationFailed } from './validation';

/** Shape limits a parsed request (body, query, path parameters) must keep before anything validates or copies it. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays; the body itself is level 1. */
  readonly maxDepth: number;
  /** Most elements one array may have. */
  readonly maxArrayLength: number;
  /** Most properties one object may have. */
  readonly maxObjectKeys: number;
}

/**
 * The limits of this API. No request needs more than 3 levels (a batch, a row, its fields), so 32
 * leaves room for growth while keeping class-transformer and class-validator, which recurse, far
 * from the stack's end. The longest array any request takes is AddCustomer's 100 rows (its DTO
 * says so too), and no DTO has more than 8 properties: beyond these, validating each element or
 * listing each unknown key costs seconds and megabytes for an answer that is a refusal anyway.
 */
export const INPUT_LIMITS: InputLimits = { maxDepth: 32, maxArrayLength: 100, maxObjectKeys: 64 };

/**
 * U+0000, and a UTF-16 surrogate without its pair: JavaScript strings may hold them, but PostgreSQL
 * text and jsonb cannot, so a command carrying one would fail when its event is stored.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` can be stored as PostgreSQL text and jsonb: no U+0000, no unpaired surrogate. */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/**
 * Checks a parsed request part in one walk, before any validation: its nesting depth, the size of
 * every array and object, and that every string and property name is storable text (see
 * {@link isStorableText}), so that no DTO has to say so field by field. Elements of an array or
 * object that is too large are not looked at: that is what keeps the check cheap. Recursion is
 * bounded by `limits.maxDepth`, so the check itself cannot overflow the stack.
 * @param value the parsed body, query or path parameters (anything JSON.parse or a query parser returns).
 * @param root how to name `value` itself in an error (`body`, `query`); fields below it are named
 *   by their dotted path without it (`customers.3.commonName`), as the ValidationPipe names them.
 * @throws DomainError `BODY_TOO_DEEP` (400) when nested deeper than `limits.maxDepth`.
 * @throws DomainError `VALIDATION_FAILED` (400) with per-field `errors` (at most 20 listed) for the other limits.
 */
export function assertAcceptableInput(value: unknown, root: string, limits: InputLimits = INPUT_LIMITS): void {
  const errors: FieldError[] = [];
  const fieldName = (path: string) => path || root;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (typeof node === 'string') {
      if (!isStorableText(node)) errors.push({ field: fieldName(path), messages: [`${fieldName(path)} must not contain U+0000 or an unpaired UTF-16 surrogate`] });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > limits.maxDepth) throw new DomainError('BODY_TOO_DEEP', 'invalid', `the request is nested deeper than ${limits.maxDepth} levels`, { maxDepth: limits.maxDepth });
    const child = (key: string) => (path ? `${path}.${key}` : key);
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayLength) {
        errors.push({ field: fieldName(path), messages: [`${fieldName(path)} must contain no more than ${limits.maxArrayLength} elements`] });
        return;
      }
      node.forEach((element, index) => walk(element, child(String(index)), depth + 1));
      return;
    }
    const keys = Object.keys(node);
    if (keys.length > limits.maxObjectKeys) {
      errors.push({ field: fieldName(path), messages: [`${fieldName(path)} must have no more than ${limits.maxObjectKeys} properties`] });
      return;
    }
    for (const key of keys) {
      if (!isStorableText(key)) errors.push({ field: child(key), messages: [`a property name in ${fieldName(path)} contains U+0000 or an unpaired UTF-16 surrogate`] });
      else walk((node as Record<string, unknown>)[key], child(key), depth + 1);
    }
  };
  walk(value, '', 1);
  if (errors.length > 0) throw validationFailed(errors);
}
