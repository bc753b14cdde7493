import { DateTime } from 'luxon';

/** What a step got back: the HTTP status and the parsed JSON body (undefined when empty or not JSON). */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** The differences between `expect` and the answer (empty when the step passed), and its `note`. */
export interface CheckResult {
  readonly failures: string[];
  readonly note?: string;
}

/** What some checks need to know about the scenario: the time zone of its program. */
export interface CheckContext {
  readonly timeZone?: string;
}

type Check = (expected: unknown, answer: Answer, context: CheckContext) => string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

const field = (body: unknown, name: string): unknown => (isRecord(body) ? body[name] : undefined);

/** Structural equality of JSON values; primitives compare with ===. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The value at a dotted path (`revenue.byMonth.2026-11`): dots only separate, so a key may hold
 * dashes but no dot.
 */
export function valueAtPath(body: unknown, path: string): { found: boolean; value?: unknown } {
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (!isRecord(current) && !Array.isArray(current)) return { found: false };
    const container = current as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, key)) return { found: false };
    current = container[key];
  }
  return { found: true, value: current };
}

function problemSummary(body: unknown): string {
  const code = field(body, 'code');
  const detail = field(body, 'detail');
  const parts = [typeof code === 'string' ? code : undefined, typeof detail === 'string' ? detail : undefined].filter((p) => p !== undefined);
  return parts.length > 0 ? ` (${parts.join(': ')})` : '';
}

const checkStatus: Check = (expected, { status, body }) => {
  if (typeof expected !== 'number') return [`expect.status must be a number, got ${show(expected)}`];
  return status === expected ? [] : [`status: expected ${expected}, got ${status}${problemSummary(body)}`];
};

const checkStringField = (name: 'code' | 'state'): Check => (expected, { body }) => {
  if (typeof expected !== 'string') return [`expect.${name} must be a string, got ${show(expected)}`];
  const actual = field(body, name);
  return actual === expected ? [] : [`${name}: expected ${expected}, got ${show(actual)}`];
};

const checkRows: Check = (expected, { body }) => {
  if (!Array.isArray(expected) || expected.some((e) => typeof e !== 'string')) return ['expect.rows must be an array of strings'];
  const rows = field(body, 'rows');
  if (!Array.isArray(rows)) return [`rows: the answer has no rows array`];
  const failures: string[] = [];
  if (rows.length !== expected.length) failures.push(`rows: expected ${expected.length} rows, got ${rows.length}`);
  expected.forEach((entry: string, i: number) => {
    const row: unknown = rows[i];
    const result = field(row, 'result');
    const code = field(row, 'code');
    const ok = entry === 'invited' ? result === 'invited' : result === 'rejected' && code === entry;
    if (ok || i >= rows.length) return;
    const email = field(row, 'email');
    const actual = result === 'rejected' ? `rejected ${show(code)}` : show(result);
    failures.push(`rows[${i}]${typeof email === 'string' ? ` (${email})` : ''}: expected ${entry}, got ${actual}`);
  });
  return failures;
};

const checkContains: Check = (expected, { body }) => {
  if (!Array.isArray(expected) || !expected.every(isRecord)) return ['expect.contains must be an array of objects'];
  const items = field(body, 'items');
  if (!Array.isArray(items)) return ['contains: the answer has no items array'];
  return expected
    .filter((wanted) => !items.some((item) => Object.entries(wanted).every(([k, v]) => jsonEqual(field(item, k), v))))
    .map((wanted) => `contains: no item with ${show(wanted)} among ${items.length} item(s)`);
};

const checkFields: Check = (expected, { body }) => {
  if (!isRecord(expected)) return ['expect.fields must be an object of dotted path -> value'];
  return Object.entries(expected).flatMap(([path, wanted]) => {
    const { found, value } = valueAtPath(body, path);
    if (!found) return [`fields.${path}: expected ${show(wanted)}, missing`];
    return jsonEqual(value, wanted) ? [] : [`fields.${path}: expected ${show(wanted)}, got ${show(value)}`];
  });
};

const checkTypesStartWith: Check = (expected, { body }) => {
  if (!Array.isArray(expected) || expected.some((e) => typeof e !== 'string')) return ['expect.types_start_with must be an array of strings'];
  const events = Array.isArray(field(body, 'events')) ? field(body, 'events') : field(body, 'items');
  if (!Array.isArray(events)) return ['types_start_with: the answer has neither an events nor an items array'];
  const types = events.map((e: unknown) => field(e, 'type'));
  const prefix = types.slice(0, expected.length);
  if (jsonEqual(prefix, expected)) return [];
  const shown = types.slice(0, expected.length + 1).map((t) => (typeof t === 'string' ? t : show(t)));
  return [`types_start_with: expected [${expected.join(', ')}], got [${shown.join(', ')}${types.length > shown.length ? ', ...' : ''}]`];
};

/**
 * `failed` of THRESHOLD_NOT_MET: the problem document's `failed` extension (SPEC section 3, "naming each
 * failed threshold") lists exactly these threshold names, in any order; an entry may be a name or an
 * object with a `threshold` or `name` field.
 */
const checkFailedThresholds: Check = (expected, { body }) => {
  if (!Array.isArray(expected) || expected.some((e) => typeof e !== 'string')) return ['expect.failed must be an array of strings'];
  const failed = field(body, 'failed');
  if (!Array.isArray(failed)) return [`failed: expected [${expected.join(', ')}], the answer has no failed array`];
  const names = failed.map((f: unknown) => (typeof f === 'string' ? f : (field(f, 'threshold') ?? field(f, 'name'))));
  const sortedActual = names.map((n) => String(n)).sort();
  const sortedExpected = [...(expected as string[])].sort();
  return jsonEqual(sortedActual, sortedExpected) ? [] : [`failed: expected [${sortedExpected.join(', ')}], got [${sortedActual.join(', ')}]`];
};

/**
 * `assessmentEndsAt: "approval time + N calendar months"`: the answer's `assessmentEndsAt` is its
 * `approvedAt` plus N calendar months in the program's time zone (the last day of a shorter month
 * when the day does not exist), as Luxon computes it.
 */
const checkAssessmentEnd: Check = (expected, { body }, { timeZone }) => {
  const match = typeof expected === 'string' ? /^approval time \+ (\d+) calendar months?$/.exec(expected) : null;
  if (!match) return [`expect.assessmentEndsAt must read "approval time + N calendar months", got ${show(expected)}`];
  const approvedAt = field(body, 'approvedAt');
  const endsAt = field(body, 'assessmentEndsAt');
  if (typeof approvedAt !== 'string' || typeof endsAt !== 'string') return [`assessmentEndsAt: the answer needs approvedAt and assessmentEndsAt, got ${show(approvedAt)} and ${show(endsAt)}`];
  const wanted = DateTime.fromISO(approvedAt, { zone: timeZone ?? 'UTC' }).plus({ months: Number(match[1]) }).toUTC();
  return DateTime.fromISO(endsAt).toMillis() === wanted.toMillis() ? [] : [`assessmentEndsAt: expected ${wanted.toISO()}, got ${endsAt}`];
};

/** Every expectation key a scenario may use, with its check; `note` is only printed. */
const CHECKS: Readonly<Record<string, Check>> = {
  status: checkStatus,
  code: checkStringField('code'),
  state: checkStringField('state'),
  rows: checkRows,
  contains: checkContains,
  fields: checkFields,
  types_start_with: checkTypesStartWith,
  failed: checkFailedThresholds,
  assessmentEndsAt: checkAssessmentEnd,
};

/**
 * Compares a step's `expect` with its answer. An expectation key this runner does not know is a
 * failure, so a scenario never passes on something that was not checked.
 */
export function checkExpectations(expect: Readonly<Record<string, unknown>> | undefined, answer: Answer, context: CheckContext = {}): CheckResult {
  const failures: string[] = [];
  let note: string | undefined;
  for (const [key, expected] of Object.entries(expect ?? {})) {
    if (key === 'note') {
      note = typeof expected === 'string' ? expected : JSON.stringify(expected);
      continue;
    }
    const check = Object.prototype.hasOwnProperty.call(CHECKS, key) ? CHECKS[key] : undefined;
    if (check === undefined) {
      failures.push(`unknown expectation "${key}": ${show(expected)} (not checked)`);
      continue;
    }
    failures.push(...check(expected, answer, context));
  }
  return { failures, note };
}
