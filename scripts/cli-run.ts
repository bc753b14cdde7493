/**
 * Runs an operator command: `main` does the work, closes what it opened and returns the exit code
 * (0 done, 1 a finding such as a broken chain, 2 could not run); a thrown error is printed as one
 * line `NAME: message` and exits 2.
 *
 * The code is set only once `main` has settled, and set again when the process exits: PGlite's
 * close (Emscripten's exit) writes `process.exitCode = 0`, so a code set before the embedded store
 * was closed was lost, and `audit:verify` reported a broken chain with exit 0.
 */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => exitWith(code),
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
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
