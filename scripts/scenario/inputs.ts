import type { Step } from './scenario-file';

const SAME_AS = /^same as (\S+)$/;
const MAIL_REF = /^\$mail:(.+)$/;

/**
 * The body a step sends before `$mail:` references are replaced: its `input`, or for
 * `"same as <id>"` the (likewise resolved) input of that step. A step without input sends `{}`.
 * @throws Error when the referenced step does not exist or the references go round in a circle.
 */
export function resolveInput(step: Step, steps: readonly Step[]): unknown {
  const byId = new Map(steps.map((s) => [s.id, s] as const));
  const visited = new Set<string>();
  let current = step;
  for (;;) {
    if (visited.has(current.id)) throw new Error(`input of ${step.id}: "same as" references go round in a circle through ${current.id}`);
    visited.add(current.id);
    const input = current.input;
    const match = typeof input === 'string' ? SAME_AS.exec(input) : null;
    if (match === null) return input === undefined ? {} : input;
    const target = byId.get(match[1]);
    if (target === undefined) throw new Error(`input of ${step.id}: "${String(input)}" names no step of the file`);
    current = target;
  }
}

/** Every distinct e-mail address named by a `"$mail:<email>"` string anywhere inside `value`. */
export function mailReferences(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const match = MAIL_REF.exec(v);
      if (match !== null) found.add(match[1]);
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...found];
}

/**
 * A copy of `value` with each `"$mail:<email>"` string replaced by `tokens.get(email)`; the input itself
 * is left as it is because a later `"same as"` step must see the reference, not the old token.
 * @throws Error when an address has no token in `tokens`.
 */
export function substituteMailReferences(value: unknown, tokens: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const match = MAIL_REF.exec(value);
    if (match === null) return value;
    const token = tokens.get(match[1]);
    if (token === undefined) throw new Error(`no invitation token for ${match[1]}`);
    return token;
  }
  if (Array.isArray(value)) return value.map((v) => substituteMailReferences(v, tokens));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteMailReferences(v, tokens)]));
  }
  return value;
}
