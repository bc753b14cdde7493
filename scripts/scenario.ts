import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken } from '@pp/auth';
import { claimsOf } from './scenario/actor-claims';
import { PROGRAM_PRESETS } from '@pp/programs';
import { Answer, checkExpectations } from './scenario/expectations';
import { mailReferences, resolveInput, substituteMailReferences } from './scenario/inputs';
import { findInvitationToken } from './scenario/mailbox';
import { commandRoute, highestPosition, HttpMethod, joinUrl, queryUrl } from './scenario/routes';
import { parseScenario, Scenario, selectSteps, Step } from './scenario/scenario-file';
import { dataDirFromEnv, secretFromEnv } from './secret-from-env';
import { CliSpec, parseCli, usageLine } from './cli-run';

const SPEC: CliSpec = {
  name: 'scenario',
  compiled: 'dist/scripts/scenario.js',
  synopsis: 'FILE [--until STEP] [--skip STEP,STEP] [--url URL]',
  description:
    "Runs a scenario file (../shared/scenarios/) against a running service and prints each step on stdout: PASS, FAIL or SKIP, the step, the actor, the command or query, the status. Stops at once, before or between steps, when the service cannot be reached.",
  optionHelp: [
    ['FILE', 'the scenario, JSON'],
    ['--until STEP', 'stop after this step'],
    ['--skip STEP,STEP', 'steps not to run'],
    ['--url URL', 'the service (default http://127.0.0.1:$PORT, PORT 3000)'],
  ],
  examples: ['npm run -s scenario -- ../shared/scenarios/vngcloud-onboarding.json', 'npm run -s scenario -- ../shared/scenarios/vngcloud-onboarding.json --until approve --url http://127.0.0.1:3000', 'node dist/scripts/scenario.js ../shared/scenarios/vngcloud-onboarding.json'],
  exitCodes: '0 every step as expected, 1 a step differs, 2 could not run (bad arguments or file, the service unreachable)',
  environment: 'PORT, AUTH_JWT_SECRET, DATA_DIR (the .eml folder and the generated secret), EVENT_STORE',
  options: { until: { type: 'string' }, skip: { type: 'string' }, url: { type: 'string' } },
  allowPositionals: true,
};
const USAGE = usageLine(SPEC);
/** How long the reachability check before the first step waits for an answer. */
const REACH_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

function usageError(message: string): never {
  process.stderr.write(`scenario: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface Options {
  file: string;
  until?: string;
  skip: string[];
  url: string;
}

function options(): Options {
  let parsed;
  try {
    parsed = parseCli(SPEC) as { values: { until?: string; skip?: string; url?: string }; positionals: string[] };
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) usageError(positionals.length === 0 ? 'FILE is required' : `one FILE only, got ${positionals.join(' ')}`);
  const url = values.url ?? `http://127.0.0.1:${process.env.PORT || '3000'}`;
  try {
    new URL(url);
  } catch {
    usageError(`--url "${url}" is not a URL`);
  }
  const skip = (values.skip ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { file: positionals[0], until: values.until, skip, url };
}

function loadScenario(file: string): Scenario {
  try {
    return parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    usageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface Outcome {
  status?: number;
  failures: string[];
  note?: string;
  /** The request got no answer at all (connection refused, name not found, timed out): stop the run. */
  unreachable?: boolean;
}

/** Why `url` cannot be reached (no HTTP answer at all), or undefined when it answers anything. */
async function unreachable(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    await fetch(joinUrl(url, '/health/live'), { signal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return cause || (error instanceof Error ? error.message : String(error));
  }
}

/** Runs one step; every problem (including ones before the request) becomes a failure of that step. */
async function runStep(step: Step, scenario: Scenario, baseUrl: string, secret: string, state: { position?: bigint }): Promise<Outcome> {
  let method: HttpMethod;
  let url: URL;
  let body: string | undefined;
  let token: string;
  try {
    token = await mintToken(claimsOf(step.actor), secret);
    if (step.command !== undefined) {
      const route = commandRoute(step.command, step.path);
      method = route.method;
      url = joinUrl(baseUrl, route.path);
      const input = resolveInput(step, scenario.steps);
      const tokens = new Map<string, string>();
      for (const email of mailReferences(input)) tokens.set(email, await findInvitationToken(join(dataDirFromEnv(), 'mail'), email));
      body = JSON.stringify(substituteMailReferences(input, tokens));
    } else {
      method = 'GET';
      url = queryUrl(baseUrl, step.query ?? '', step.path, state.position);
    }
  } catch (error) {
    return { failures: [error instanceof Error ? error.message : String(error)] };
  }

  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json, application/problem+json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = randomUUID();
  }
  let answer: Answer;
  try {
    const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    answer = { status: response.status, body: parsed };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { failures: [`${method} ${url.href} failed: ${error instanceof Error ? error.message : String(error)}${cause}`], unreachable: true };
  }
  state.position = highestPosition(state.position, answer.body);
  return { status: answer.status, ...checkExpectations(step.expect, answer, { timeZone: (PROGRAM_PRESETS as Record<string, { timeZone: string } | undefined>)[scenario.program]?.timeZone }) };
}

async function main(): Promise<void> {
  const opts = options();
  const scenario = loadScenario(opts.file);
  let plan;
  try {
    plan = selectSteps(scenario.steps, opts.until, opts.skip);
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  let secret: string;
  try {
    secret = secretFromEnv();
  } catch (error) {
    process.stderr.write(`scenario: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }

  // Not one FAIL per step against a closed port: stop before the first.
  const down = await unreachable(opts.url, REACH_TIMEOUT_MS);
  if (down) {
    process.stderr.write(`scenario: the service at ${opts.url} cannot be reached (${down}); start it or pass --url\n`);
    process.exit(2);
  }
  process.stdout.write(`${scenario.name} against ${opts.url}\n`);
  const idWidth = Math.max(...plan.map(({ step }) => step.id.length));
  const state: { position?: bigint } = {};
  const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
  for (const { step, skipped } of plan) {
    const what = step.command ?? step.query ?? '';
    const outcome: Outcome = skipped ? { failures: [] } : await runStep(step, scenario, opts.url, secret, state);
    const verdict = skipped ? 'SKIP' : outcome.failures.length === 0 ? 'PASS' : 'FAIL';
    counts[verdict] += 1;
    const columns = [verdict, step.id.padEnd(idWidth), step.actor.role.padEnd(8), what, outcome.status === undefined ? '-' : String(outcome.status)];
    const notes = [...(outcome.failures.length > 0 ? [outcome.failures.join('; ')] : []), ...(outcome.note !== undefined ? [`note: ${outcome.note}`] : [])];
    process.stdout.write(columns.join('  ') + (notes.length > 0 ? `  -- ${notes.join('  -- ')}` : '') + '\n');
    if (outcome.unreachable) {
      process.stderr.write(`scenario: stopped after ${step.id}: the service at ${opts.url} no longer answers\n`);
      process.exit(2);
    }
  }
  process.stdout.write(`${counts.PASS} passed, ${counts.FAIL} failed, ${counts.SKIP} skipped\n`);
  process.exit(counts.FAIL === 0 ? 0 : 1);
}

void main().catch((error: unknown) => {
  process.stderr.write(`scenario: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
