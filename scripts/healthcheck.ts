import { CliSpec, parseCli, runCli, UsageError } from './cli-run';

const SPEC: CliSpec = {
  name: 'healthcheck',
  compiled: 'dist/scripts/healthcheck.js',
  synopsis: '[--port PORT] [--path PATH]',
  description:
    "Asks the service on this machine whether it is ready: GET http://127.0.0.1:PORT/health/ready, exit 0 on 200. The image's HEALTHCHECK runs it (no curl in node:*-slim). One image runs the api (on $PORT) or the projector (on $PROJECTOR_PORT): without --port it asks $PORT and, when nothing listens there (connection refused), $PROJECTOR_PORT, so the same HEALTHCHECK fits both.",
  optionHelp: [
    ['--port PORT', 'the one port to ask; default $PORT (3000), then $PROJECTOR_PORT (3001) when nothing listens on $PORT'],
    ['--path PATH', 'default /health/ready; /health/live for liveness only'],
  ],
  examples: ['node dist/scripts/healthcheck.js', 'node dist/scripts/healthcheck.js --port 3001', 'node dist/scripts/healthcheck.js --path /health/live'],
  exitCodes: '0 ready (200), 1 not ready (another status, or no answer within 3 s), 2 bad arguments',
  environment: 'PORT, PROJECTOR_PORT',
  options: { port: { type: 'string' }, path: { type: 'string' } },
};

const tcpPort = (port: string, what: string) => {
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new UsageError(`${what} must be a TCP port, got "${port}"`);
  return port;
};

/** The errno code of a failed fetch (`ECONNREFUSED`...), if any. */
const causeCode = (error: unknown) => (error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException).code : undefined);

/**
 * `node dist/scripts/healthcheck.js`: the HEALTHCHECK of the image (docker/Dockerfile), for the api
 * and the projector alike. Without `--port`, a refused connection on $PORT (the api's) means this
 * container runs the projector, which is then asked on $PROJECTOR_PORT; any other failure (a time-out,
 * a 503) is the answer.
 */
async function main(): Promise<number> {
  const { values } = parseCli(SPEC) as { values: { port?: string; path?: string } };
  const ports = values.port !== undefined ? [tcpPort(values.port, '--port')] : [tcpPort(process.env.PORT ?? '3000', 'PORT'), tcpPort(process.env.PROJECTOR_PORT ?? '3001', 'PROJECTOR_PORT')];
  const path = values.path ?? '/health/ready';
  if (!path.startsWith('/')) throw new UsageError(`--path must start with /, got "${path}"`);
  const candidates = [...new Set(ports)];
  for (const [i, port] of candidates.entries()) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3_000) });
      process.stdout.write(`healthcheck: ${path} answered ${answer.status}\n`);
      return answer.status === 200 ? 0 : 1;
    } catch (error) {
      if (causeCode(error) === 'ECONNREFUSED' && i < candidates.length - 1) continue;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : (error as Error).message;
      const refused = i > 0 ? ` (and the connection to :${candidates[0]} refused)` : '';
      process.stderr.write(`healthcheck: no answer from 127.0.0.1:${port}${path}: ${cause}${refused}\n`);
      return 1;
    }
  }
  return 1;
}

runCli(SPEC, main);
