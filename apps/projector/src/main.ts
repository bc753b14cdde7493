import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppModule } from '../../api/src/app.module';
import { prepareStores, startBackground } from '../../api/src/bootstrap';
import { liveness, METRICS_CONTENT_TYPE, MetricsScrape, Readiness } from '../../api/src/health';
import { configureOrExit } from '../../api/src/start-up';

/**
 * The projector's own port (`PROJECTOR_PORT`, 3001; `HOST` as the api): GET /health/live,
 * /health/ready (and /health, the same) and /metrics, answered as the api answers them. Anything
 * else is 404. Nest is not needed for four read-only routes on a process without an HTTP API.
 */
function serveProbes(readiness: Readiness, scrape: MetricsScrape, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    const json = (status: number, body: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { status: 405, detail: 'GET only' });
    const work = async () => {
      if (path === '/health/live') return json(200, liveness());
      if (path === '/health/ready' || path === '/health') {
        const { ready, report } = await readiness.check();
        return json(ready ? 200 : 503, report);
      }
      if (path === '/metrics') return send(200, METRICS_CONTENT_TYPE, await scrape.render());
      return json(404, { status: 404, detail: `no route ${path}: /health/live, /health/ready, /metrics` });
    };
    work().catch((error: unknown) => json(503, { status: 'error', error: { projector: { status: 'down', message: (error as Error).message } } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * The projector: projections and reactors (e-mail, invitation expiry) as a process of their own,
 * configured like the api. Any number may run; each projection and reactor is active in exactly one
 * of them (a PostgreSQL advisory lock), and another takes over when that one dies. SIGTERM finishes
 * the batch in hand and keeps its checkpoint.
 */
async function main(): Promise<void> {
  const config = await configureOrExit('projector');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, runProjections: true }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await prepareStores(app);
  const host = config.host ?? '127.0.0.1';
  const probes = await serveProbes(app.get(Readiness), app.get(MetricsScrape), config.projectorPort ?? 3001, host);
  // Closed before the stores, so a probe never asks a closed pool.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => probes.close());
  await startBackground(app, config);
  const { port } = probes.address() as AddressInfo;
  process.stdout.write(`partner-portal projector running (store: ${config.eventStore}, program: ${config.program}${config.simulatedNow ? `, SIMULATED clock started at ${config.simulatedNow}` : ''}); health and metrics on http://${host}:${port}/health/ready and /metrics\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`projector start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
