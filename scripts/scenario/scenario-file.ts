/** Who sends a step: the claims of the token minted for it (SPEC section 10). */
export interface Actor {
  readonly role: string;
  readonly sub: string;
  readonly account?: string;
}

/**
 * One step of a `../shared/scenarios/*.json` file: exactly one of `command` (a SPEC section 9 command
 * name, routed by the table in `routes.ts`) or `query` (`"GET /v1/..."`). `input` is the JSON body or
 * `"same as <step id>"`; `path` fills the `{param}`s of the route; `expect` is checked by `expectations.ts`.
 */
export interface Step {
  readonly id: string;
  readonly actor: Actor;
  readonly command?: string;
  readonly query?: string;
  readonly path?: Readonly<Record<string, string>>;
  readonly input?: unknown;
  readonly expect?: Readonly<Record<string, unknown>>;
}

/** A parsed scenario file; `steps` run in file order. */
export interface Scenario {
  readonly name: string;
  /** The program preset the scenario is written for (`vngcloud` when absent). */
  readonly program: string;
  readonly steps: readonly Step[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the shape of a scenario file's JSON so that a malformed file stops the run before any
 * request instead of failing half-way.
 * @throws Error naming the offending step and field.
 */
export function parseScenario(json: unknown): Scenario {
  if (!isRecord(json)) throw new Error('scenario file is not a JSON object');
  if (!Array.isArray(json.steps)) throw new Error('scenario file has no "steps" array');
  const seen = new Set<string>();
  const steps = json.steps.map((raw: unknown, index: number): Step => {
    if (!isRecord(raw)) throw new Error(`step #${index + 1} is not an object`);
    const id = raw.id;
    if (typeof id !== 'string' || id === '') throw new Error(`step #${index + 1} has no "id"`);
    if (seen.has(id)) throw new Error(`step id "${id}" appears twice`);
    seen.add(id);
    const actor = raw.actor;
    if (!isRecord(actor) || typeof actor.role !== 'string' || typeof actor.sub !== 'string') {
      throw new Error(`step ${id}: "actor" needs string "role" and "sub"`);
    }
    if (actor.account !== undefined && typeof actor.account !== 'string') throw new Error(`step ${id}: "actor.account" must be a string`);
    const hasCommand = typeof raw.command === 'string';
    const hasQuery = typeof raw.query === 'string';
    if (hasCommand === hasQuery) throw new Error(`step ${id}: needs exactly one of "command" or "query" (a string)`);
    if (raw.path !== undefined && (!isRecord(raw.path) || Object.values(raw.path).some((v) => typeof v !== 'string'))) {
      throw new Error(`step ${id}: "path" must be an object of strings`);
    }
    if (raw.expect !== undefined && !isRecord(raw.expect)) throw new Error(`step ${id}: "expect" must be an object`);
    return {
      id,
      actor: { role: actor.role, sub: actor.sub, account: actor.account as string | undefined },
      command: hasCommand ? (raw.command as string) : undefined,
      query: hasQuery ? (raw.query as string) : undefined,
      path: raw.path as Record<string, string> | undefined,
      input: raw.input,
      expect: raw.expect as Record<string, unknown> | undefined,
    };
  });
  return { name: typeof json.name === 'string' ? json.name : '(unnamed scenario)', program: typeof json.program === 'string' ? json.program : 'vngcloud', steps };
}

/**
 * Which steps run and which are printed as SKIP: every step up to and including `until` (all when
 * absent), minus `skip`.
 * @throws Error when `until` or a `skip` id is not a step of the file, so a typo does not run too much.
 */
export function selectSteps(steps: readonly Step[], until: string | undefined, skip: readonly string[]): Array<{ step: Step; skipped: boolean }> {
  const ids = new Set(steps.map((s) => s.id));
  if (until !== undefined && !ids.has(until)) throw new Error(`--until ${until}: no such step in the file`);
  const unknown = skip.filter((id) => !ids.has(id));
  if (unknown.length > 0) throw new Error(`--skip: no such step in the file: ${unknown.join(', ')}`);
  const end = until === undefined ? steps.length : steps.findIndex((s) => s.id === until) + 1;
  const skipped = new Set(skip);
  return steps.slice(0, end).map((step) => ({ step, skipped: skipped.has(step.id) }));
}
