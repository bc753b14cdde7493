import { parseArgs, type ParseArgsConfig } from 'node:util';

/** How an operator command is called, for `--help` and for the usage line of a refusal. */
export interface CliSpec {
  /** `audit:verify`: the npm script's name, the prefix of every message. */
  readonly name: string;
  /** The compiled file in the image, `dist/scripts/audit-verify.js`. */
  readonly compiled: string;
  /** Arguments after the command, e.g. `--stream STREAM | --from POSITION [--to POSITION]`. */
  readonly synopsis: string;
  /** What it does, one paragraph. */
  readonly description: string;
  /** Each option with its meaning, e.g. `['--to POSITION', 'last global position (inclusive)']`. */
  readonly optionHelp?: ReadonlyArray<readonly [string, string]>;
  /** Full command lines. */
  readonly examples: readonly string[];
  /** What the exit codes mean, e.g. `0 intact, 1 broken (printed), 2 could not run`. */
  readonly exitCodes: string;
  /** The environment read, e.g. the store's variables. */
  readonly environment?: string;
  readonly options?: ParseArgsConfig['options'];
  readonly allowPositionals?: boolean;
}

/** The store variables every command that opens the log reads, as the service does. */
export const STORE_ENVIRONMENT = 'EVENT_STORE (embedded), DATA_DIR (./data), DATABASE_URL, DATABASE_SCHEMA, EVENTSTORE_CONNECTION_STRING';

/** A call the command cannot run as given: printed with the usage line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `usage: npm run -s NAME -- SYNOPSIS` and the same for the compiled file. */
export function usageLine(spec: CliSpec): string {
  return `usage: npm run -s ${spec.name}${spec.synopsis ? ` -- ${spec.synopsis}` : ''}\n       node ${spec.compiled}${spec.synopsis ? ` ${spec.synopsis}` : ''}`;
}

/** The text of `--help`: usage, what it does, options, environment, examples, exit codes. */
export function helpText(spec: CliSpec): string {
  const width = Math.max(10, ...(spec.optionHelp ?? []).map(([o]) => o.length));
  return [
    usageLine(spec),
    '',
    spec.description,
    '',
    'Options:',
    ...(spec.optionHelp ?? []).map(([option, meaning]) => `  ${option.padEnd(width)}  ${meaning}`),
    `  ${'--help'.padEnd(width)}  this text`,
    ...(spec.environment ? ['', `Environment: ${spec.environment}`] : []),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
    `Exit: ${spec.exitCodes}`,
    '',
  ].join('\n');
}

/**
 * Parses the command line strictly: `--help` (or `-h`) prints {@link helpText} on stdout and exits 0;
 * an unknown option, a missing value or an unexpected argument is a {@link UsageError}.
 */
export function parseCli(spec: CliSpec, args: string[] = process.argv.slice(2)) {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  try {
    return parseArgs({ args, options: spec.options ?? {}, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs an operator command: `main` does the work, closes what it opened and returns the exit code
 * (0 done, 1 a finding such as a broken chain, 2 could not run); a {@link UsageError} is printed
 * with the usage line, any other thrown error as one line `NAME: message`; both exit 2. Only the
 * command's output goes to stdout; messages and progress go to stderr.
 *
 * The code is set only once `main` has settled, and set again when the process exits: PGlite's
 * close (Emscripten's exit) writes `process.exitCode = 0`, so a code set before the embedded store
 * was closed was lost, and `audit:verify` reported a broken chain with exit 0.
 */
export function runCli(spec: CliSpec | string, main: () => Promise<number>): void {
  const name = typeof spec === 'string' ? spec : spec.name;
  main().then(
    (code) => exitWith(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (error instanceof UsageError && typeof spec !== 'string') process.stderr.write(`${usageLine(spec)}\n`);
      exitWith(2);
    },
  );
}

function exitWith(code: number): void {
  process.exitCode = code;
  // Whatever a library sets later (an exit hook, a late close), the command's own verdict wins.
  process.on('exit', () => {
    process.exitCode = code;
  });
}
