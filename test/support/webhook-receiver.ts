import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a {@link WebhookReceiver} got, with whether its signature verified against the secrets it holds. */
export interface ReceivedWebhook {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly payload: { id: string; type: string; position: string; data: Record<string, unknown>; [key: string]: unknown };
  readonly verified: boolean;
  /** What the receiver answered: a status, or `hang` (no answer). */
  readonly answered: number | 'hang';
}

/** How the receiver answers the next request: a status, or `hang` (never answers: the sender times out). */
export type Behaviour = number | 'hang';

/**
 * A real webhook receiver on the loopback, as a subscriber would write one: it verifies each
 * request with the `standardwebhooks` library (`Webhook.verify`) against any secret it holds, and
 * answers by a script of {@link Behaviour}s (then 200). `accepted` are the requests answered 2xx and
 * verified, in arrival order.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secrets: string[] = [];
  private script: Behaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => receiver!.handle(request.headers, Buffer.concat(chunks).toString('utf8'), response));
    });
    receiver = new WebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The verified requests answered 2xx, in arrival order. */
  get accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => r.verified && r.answered !== 'hang' && r.answered < 300);
  }

  /** Answers the next requests so, in order (then 200 again). */
  answerNext(...behaviours: Behaviour[]): void {
    this.script.push(...behaviours);
  }

  /** Forgets the script: every request is answered 200 from now on. */
  answerNormally(): void {
    this.script = [];
  }

  async close(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(headers: IncomingHttpHeaders, body: string, response: ServerResponse): void {
    const verified = this.secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    });
    const scripted = this.script.shift() ?? 200;
    const behaviour: Behaviour = verified || scripted === 'hang' ? scripted : 401;
    let payload: ReceivedWebhook['payload'];
    try {
      payload = JSON.parse(body);
    } catch {
      payload = { id: '', type: '', position: '', data: {} };
    }
    this.received.push({ id: String(headers['webhook-id'] ?? ''), headers, body, payload, verified, answered: behaviour });
    if (behaviour === 'hang') {
      this.hanging.add(response);
      return;
    }
    response.writeHead(behaviour, { 'content-type': 'text/plain' }).end(verified ? 'ok' : 'bad signature');
  }
}
