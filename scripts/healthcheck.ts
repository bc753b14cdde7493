import { CliSpec, parseCli, runCli, UsageError } from './cli-run';

const SPEC: CliSpec = {
  name: 'healthcheck',
  compiled: 'dist/scripts/healthcheck.js',
  synopsis: '[--port PORT] [--path PATH]',
  description:
    "Asks the service on this machine whether it is ready: GET http://127.0.0.1:PORT/health/ready, exit 0 on 200. The image's HEALTHCHECK runs it (no curl in node:*-slim); the projector's service in docker/compose.yaml passes --port 3001.",
  optionHelp: [
    ['--port PORT', 'the port to ask (default $PORT, else 3000); the projector answers on $PROJECTOR_PORT (3001)'],
    ['--path PATH', 'default /health/ready; /health/live for liveness only'],
  ],
  examples: ['node dist/scripts/healthcheck.js', 'node dist/scripts/healthcheck.js --port 3001', 'node dist/scripts/healthcheck.js --path /health/live'],
  exitCodes: '0 ready (200), 1 not ready (another status, or no answer within 3 s), 2 bad arguments',
  environment: 'PORT',
  options: { port: { type: 'string' }, path: { type: 'string' } },
};

/** `node dist/scripts/healthcheck.js`: the HEALTHCHECK of the image (docker/Dockerfile). */
async function main(): Promise<number> {
  const { values } = parseCli(SPEC) as { values: { port?: string; path?: string } };
  const port = values.port ?? process.env.PORT ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new UsageError(`--port must be a TCP port, got "${port}"`);
  const path = values.path ?? '/health/ready';
  if (!path.startsWith('/')) throw new UsageError(`--path must start with /, got "${path}"`);
  try {
    const answer = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3_000) });
    process.stdout.write(`healthcheck: ${path} answered ${answer.status}\n`);
    return answer.status === 200 ? 0 : 1;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : (error as Error).message;
    process.stderr.write(`healthcheck: no answer from 127.0.0.1:${port}${path}: ${cause}\n`);
    return 1;
  }
}

runCli(SPEC, main);
