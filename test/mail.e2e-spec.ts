import { Database, DATABASE, sql } from '@pp/database';
import { MailSender, mailOutboxProjection, retryDelayMs } from '@pp/notifications';
import { ProjectionRunner } from '@pp/read-store';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { approvedPartner, startTestApp, TEST_NOW, TestApp } from './support/test-app';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that refuses the next `failNext` messages with 451. */
async function startSmtp() {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, control, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('E-mail through a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let sender: MailSender;
  let database: Database;

  beforeAll(async () => {
    smtp = await startSmtp();
    // The reactors' own timer is slowed right down: the test drives the sender with tick().
    t = await startTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, reactorIntervalMs: 3_600_000 } });
    sender = t.app.get(MailSender);
    database = t.app.get(DATABASE);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const outbox = async () => (await sql<{ kind: string; status: string; attempts: number; last_error: string | null }>`select kind, status, attempts, last_error from mail_outbox order by created_at, kind`.execute(database.db)).rows;

  it('retries a mail the server refused, with backoff, and sends each event\'s mail once', async () => {
    const partner = await approvedPartner(t, 'vi');
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(partner.position));
    expect((await outbox()).map((r) => [r.kind, r.status])).toEqual([
      ['partner_approved', 'pending'],
      ['partner_registration_received', 'pending'],
    ]);

    smtp.control.failNext = 1;
    expect(await sender.tick()).toBe(2);
    const afterFirst = await outbox();
    expect(afterFirst.filter((r) => r.status === 'sent')).toHaveLength(1);
    const refused = afterFirst.find((r) => r.status === 'pending')!;
    expect(refused.attempts).toBe(1);
    expect(refused.last_error).toContain('451');
    expect(smtp.received).toHaveLength(1);

    // Not due yet: the backoff holds it back.
    expect(await sender.tick()).toBe(0);
    t.clock.set(new Date(TEST_NOW.getTime() + retryDelayMs(1)));
    expect(await sender.tick()).toBe(1);
    expect((await outbox()).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(await sender.tick()).toBe(0);

    expect(smtp.received).toHaveLength(2);
    const contact = `contact-${partner.account.email}`;
    expect(smtp.received.every((m) => m.to.includes(contact))).toBe(true);
    const ids = smtp.received.map((m) => /^Message-ID: (.+)$/im.exec(m.raw)?.[1]);
    expect(new Set(ids).size).toBe(2);
    expect(smtp.received.map((m) => /^Subject: (.+)$/im.exec(m.raw)?.[1]).join(' ')).toMatch(/=\?UTF-8\?/);
  });

  it('does not send again a mail cut off by a crash while sending (at most once)', async () => {
    await sql`update mail_outbox set status = 'sending' where kind = 'partner_approved'`.execute(database.db);
    const before = smtp.received.length;
    await sender.start(3_600_000);
    expect(await sender.tick()).toBe(0);
    expect(smtp.received).toHaveLength(before);
    expect((await outbox()).find((r) => r.kind === 'partner_approved')?.status).toBe('unknown');
  });
});
