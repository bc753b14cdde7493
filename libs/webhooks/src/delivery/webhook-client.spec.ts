import { until } from '@pp/platform/testing/wait';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { signHeaders, webhookSecret } from './signing';
import { WebhookClient } from './webhook-client';

const KEY = 'webhook-signing-key-for-the-client-spec';
const previous = webhookSecret(KEY, 'sub-1', 1);
const next = webhookSecret(KEY, 'sub-1', 2);
const stranger = webhookSecret(KEY, 'sub-2', 1);
const body = JSON.stringify({ id: 'evt_1', type: 'CustomerApproved', data: { accountId: 'acc-1', creditLimit: '1500000' } });

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on 127.0.0.1 that records every request and answers by path. */
class Receiver {
  readonly received: Received[] = [];
  connections = 0;
  closedConnections = 0;
  private readonly server: Server;

  constructor(private readonly routes: Record<string, (request: IncomingMessage, body: string, response: ServerResponse) => void>) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '';
        this.received.push({ path, headers: request.headers, body: text });
        const route = this.routes[path];
        if (route) route(request, text, response);
        else response.writeHead(404).end();
      });
    });
    this.server.on('connection', (socket) => {
      this.connections += 1;
      socket.on('close', () => (this.closedConnections += 1));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  paths(): string[] {
    return this.received.map((r) => r.path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers 204 when a signature verifies with `secret`, 401 with the reason when not. */
const verifying = (secret: string) => (request: IncomingMessage, text: string, response: ServerResponse) => {
  try {
    new Webhook(secret).verify(text, request.headers as Record<string, string>);
    response.writeHead(204).end();
  } catch (error) {
    response.writeHead(401, { 'content-type': 'text/plain' }).end(`not verified: ${(error as Error).message}`);
  }
};

/** Streams an answer without end, as fast as the client reads, until the connection closes. */
function endless(_request: IncomingMessage, _text: string, response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(16 * 1024, 'y');
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', pump);
  };
  pump();
}

let receiver: Receiver;
let client: WebhookClient;

beforeAll(async () => {
  receiver = await new Receiver({
    '/previous': verifying(previous),
    '/next': verifying(next),
    '/stranger': verifying(stranger),
    '/never': () => undefined,
    '/error': (_q, _b, response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('database unavailable'),
    '/moved': (_q, _b, response) => response.writeHead(302, { location: receiver.url('/target') }).end(),
    '/target': (_q, _b, response) => response.writeHead(204).end(),
    '/endless': endless,
    '/echo': (request, text, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ contentType: request.headers['content-type'], userAgent: request.headers['user-agent'], text })),
  }).start();
  client = new WebhookClient({ allowPrivate: true, timeoutMs: 5_000, userAgent: 'pp-test/1' });
});

afterAll(async () => {
  client.close();
  await receiver.stop();
});

beforeEach(() => {
  receiver.received.length = 0;
});

describe(WebhookClient.name, () => {
  it('delivers a signed body that a receiver verifies with standardwebhooks', async () => {
    const outcome = await client.post(receiver.url('/previous'), signHeaders([previous], 'msg_1', new Date(), body), body);
    expect(outcome).toMatchObject({ ok: true, status: 204, error: null, responseExcerpt: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.received[0]).toMatchObject({ path: '/previous', body });
    expect(receiver.received[0].headers['webhook-id']).toBe('msg_1');
  });

  it('during a rotation signs with both secrets: a receiver holding either verifies, another does not', async () => {
    const headers = signHeaders([next, previous], 'msg_2', new Date(), body);
    expect(await client.post(receiver.url('/previous'), headers, body)).toMatchObject({ ok: true, status: 204 });
    expect(await client.post(receiver.url('/next'), headers, body)).toMatchObject({ ok: true, status: 204 });
    expect(await client.post(receiver.url('/stranger'), headers, body)).toMatchObject({
      ok: false,
      status: 401,
      error: 'HTTP 401',
      responseExcerpt: 'not verified: No matching signature found',
    });
  });

  it('sends the body as application/json with its User-Agent', async () => {
    const outcome = await client.post(receiver.url('/echo'), { 'content-type': 'text/plain' }, body);
    expect(JSON.parse(outcome.responseExcerpt ?? 'null')).toEqual({ contentType: 'application/json', userAgent: 'pp-test/1', text: body });
  });

  it('keeps the connection to an origin alive between deliveries', async () => {
    const before = receiver.connections;
    await client.post(receiver.url('/target'), {}, body);
    await client.post(receiver.url('/target'), {}, body);
    await client.post(receiver.url('/target'), {}, body);
    expect(receiver.connections - before).toBeLessThanOrEqual(1);
  });

  it('reports a 500 with the start of its answer', async () => {
    expect(await client.post(receiver.url('/error'), {}, body)).toMatchObject({ ok: false, status: 500, error: 'HTTP 500', responseExcerpt: 'database unavailable' });
  });

  it('does not follow a redirect: a failure, and its target receives nothing', async () => {
    const outcome = await client.post(receiver.url('/moved'), {}, body);
    expect(outcome).toMatchObject({ ok: false, status: 302, error: `redirect not followed (302 to ${receiver.url('/target')})` });
    expect(receiver.paths()).toEqual(['/moved']);
  });

  it('gives up on a receiver that never answers after the timeout', async () => {
    const quick = new WebhookClient({ allowPrivate: true, timeoutMs: 300 });
    const outcome = await quick.post(receiver.url('/never'), {}, body);
    quick.close();
    expect(outcome).toMatchObject({ ok: false, status: null, error: 'timed out after 300 ms', responseExcerpt: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(290);
    expect(outcome.latencyMs).toBeLessThan(3_000);
    expect(receiver.paths()).toEqual(['/never']);
  });

  it('reads an endless answer only up to the limit (64 KiB), then closes the connection', async () => {
    const closedBefore = receiver.closedConnections;
    const outcome = await client.post(receiver.url('/endless'), {}, body);
    expect(outcome).toMatchObject({ ok: true, status: 200, error: null, responseExcerpt: 'y'.repeat(256) });
    // Were the answer read to its end or until the timeout, the outcome would say so.
    expect(outcome.latencyMs).toBeLessThan(5_000);
    await until(() => receiver.closedConnections > closedBefore, 2_000, 'the receiver to see the connection closed');
  });

  it('reports a refused connection', async () => {
    const gone = await new Receiver({}).start();
    const url = gone.url('/hook');
    await gone.stop();
    expect(await client.post(url, {}, body)).toMatchObject({ ok: false, status: null, error: 'connection refused' });
  });

  it('aborts an attempt in flight when the signal fires', async () => {
    const controller = new AbortController();
    const attempt = client.post(receiver.url('/never'), {}, body, { signal: controller.signal });
    await until(() => receiver.paths().includes('/never'), 2_000, 'the receiver to get the request');
    controller.abort();
    expect(await attempt).toMatchObject({ ok: false, status: null, error: 'aborted' });
    expect(await client.post(receiver.url('/target'), {}, body, { signal: controller.signal })).toMatchObject({ ok: false, error: 'aborted' });
  });

  it('without allowPrivate refuses to connect to a loopback receiver, literal or by name, and it receives nothing', async () => {
    const guarded = new WebhookClient({ timeoutMs: 2_000, lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
    const before = receiver.connections;
    expect(await guarded.post(receiver.url('/target'), {}, body)).toMatchObject({ ok: false, status: null, error: 'address not public (loopback)' });
    expect(await guarded.post(receiver.url('/target', '[::ffff:127.0.0.1]'), {}, body)).toMatchObject({ error: 'address not public (loopback)' });
    expect(await guarded.post(receiver.url('/target', 'rebound.example.com'), {}, body)).toMatchObject({ ok: false, status: null, error: 'address not public (loopback)' });
    guarded.close();
    expect(receiver.connections).toBe(before);
    expect(receiver.received).toEqual([]);
  });

  it('reports a URL it cannot use instead of throwing', async () => {
    expect(await client.post('not a url', {}, body)).toMatchObject({ ok: false, status: null, error: 'invalid URL' });
    expect(await client.post('ftp://127.0.0.1/x', {}, body)).toMatchObject({ ok: false, error: 'scheme ftp: not supported' });
  });
});
