import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail the test server took: its envelope recipients and the raw message. */
export interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives and refuses the next `control.failNext` messages with 451. */
export async function startSmtp() {
  const received: Received[] = [];
  const control = { failNext: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (control.failNext > 0) {
          control.failNext -= 1;
          const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  // A client killed mid-conversation (the fault tests SIGKILL the projector while it sends) resets
  // its connection: the server reports ECONNRESET here, which unhandled would fail the test run.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, control, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
