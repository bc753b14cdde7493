import { Database, DATABASE, sql } from '@pp/database';
import { MailSender, mailOutboxProjection, retryDelayMs } from '@pp/notifications';
import { ProjectionRunner } from '@pp/read-store';
import { openDatabase as openDb } from '@pp/database';
import { freshPgliteFolder } from '@pp/database/testing/pglite-test';
import { SqlEventStore } from '@pp/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailText } from '../scripts/scenario/eml';
import { startSmtp } from './support/smtp';
import { approvedCustomer, approvedPartner, registeredAccount, startTestApp, TEST_NOW, TestApp } from './support/test-app';

describe('E-mail through a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let sender: MailSender;
  let database: Database;

  beforeAll(async () => {
    smtp = await startSmtp();
    // The reactors' own timer is slowed right down: the test drives the sender with tick().
    t = await startTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, reactorIntervalMs: 3_600_000, reactorWakeUps: false } });
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

  /** A partner in `language` invites a registered account as `commonName`; the invitation mail, once sent. */
  const invitedByMail = async (language: string, commonName: string) => {
    const partner = await approvedPartner(t, language);
    const customer = await registeredAccount(t);
    const added = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName }] } });
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(added.body.position));
    while ((await sender.tick()) > 0);
    return { partner, customer, invitation: smtp.received.find((m) => m.to.includes(customer.email))! };
  };

  it('sends the invitation in the partner\'s language with the token in the link\'s fragment, and tells the partner about the approval', async () => {
    const { partner, customer, invitation } = await invitedByMail('en', 'Mail Co');
    const body = invitation.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(body).toMatch(/Invitation token: [A-Za-z0-9_-]{40,}/);
    expect(body).toMatch(new RegExp(`https://partner\\.example\\.vn/customers/${customer.accountId}/confirm#token=[A-Za-z0-9_-]{40,}`));
    expect(body).not.toMatch(/\?token=/);
    const token = /Invitation token: ([A-Za-z0-9_-]+)/.exec(body)![1];
    await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: await t.token('customer', customer.email, customer.accountId), body: { token } });
    const approved = await t.request('POST', `/v1/customers/${customer.accountId}/approval`, { token: await t.token('reviewer', 'r'), body: {} });
    expect(approved.body.state).toBe('approved');
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(approved.body.position));
    while ((await sender.tick()) > 0);
    const toPartner = smtp.received.filter((m) => m.to.includes(`contact-${partner.account.email}`)).map((m) => /^Subject: (.+)$/im.exec(m.raw)?.[1]);
    expect(toPartner).toContain('Mail Co is now your customer');
  });

  it("writes a vi partner's invitation in Vietnamese, naming the partner's company", async () => {
    const { customer, invitation } = await invitedByMail('vi', 'Thư Co');
    const text = mailText(invitation.raw);
    expect(text).toContain('Công ty Cổ phần Công nghệ Sao Việt (đối tác của');
    expect(text).toContain(`đề nghị bạn xác nhận tài khoản ${customer.email}`);
  });

  it('does not mail an invitation that was withdrawn before its turn', async () => {
    const partner = await approvedPartner(t, 'en');
    const customer = await registeredAccount(t);
    while ((await sender.tick()) > 0);
    smtp.control.failNext = 0;
    const before = smtp.received.length;
    await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: 'Gone' }] } });
    const cancelled = await t.request('DELETE', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}`, { token: partner.token });
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(cancelled.body.position));
    while ((await sender.tick()) > 0);
    expect(smtp.received.slice(before).some((m) => m.to.includes(customer.email))).toBe(false);
    expect((await outbox()).some((r) => r.kind === 'customer_invitation' && r.status === 'obsolete')).toBe(true);
  });

  it('does not send again a mail cut off by a crash while sending (at most once)', async () => {
    await sql`update mail_outbox set status = 'sending' where kind = 'partner_approved'`.execute(database.db);
    const before = smtp.received.length;
    // What a new leader does first (a restart after the crash).
    const active = await sender.reactor(3_600_000, { wake: false }).activate();
    await active.stop();
    expect(await sender.tick()).toBe(0);
    expect(smtp.received).toHaveLength(before);
    expect((await outbox()).filter((r) => r.kind === 'partner_approved').map((r) => r.status)).toContain('unknown');
  });
});

describe('The mail outbox on a log that already has events', () => {
  it('mails nobody about events older than the outbox, and everybody about later ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pp-horizon-'));
    const database = await openDb({ kind: 'pglite', dataDir: await freshPgliteFolder(join(dataDir, 'pglite')) });
    const store = await SqlEventStore.open(database);
    await store.appendToStream(
      'partner-old-partner',
      [
        {
          eventId: crypto.randomUUID(),
          type: 'PartnerRegistrationSubmitted',
          data: {
            partnerId: 'old-partner',
            program: 'vngcloud',
            language: 'vi',
            termsVersion: '2023-07',
            partnerType: 'reseller',
            company: { legalName: 'Old Co', businessLicenseNo: '1', registeredCapital: '1', staff: 1, technicalStaff: 1, customerOperations: true, afterSalesService: true },
            contact: { name: 'Old', email: 'old@example.vn', phone: '+84 1 2345 6789' },
            bank: { bankName: 'B', branch: 'B', accountName: 'B', accountNumber: '1234' },
            submittedAt: '2025-01-06T03:00:00.000Z',
            approvalDueAt: '2025-01-09T16:59:59.999Z',
          },
          metadata: { schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.close();
    await database.close();
    const t = await startTestApp({ dataDir });
    try {
      const approved = await t.request('POST', '/v1/partners/old-partner/approval', { token: await t.token('reviewer', 'r'), body: {} });
      expect(approved.status).toBe(200);
      await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(approved.body.position));
      const rows = (await sql<{ kind: string; recipient: string }>`select kind, recipient from mail_outbox`.execute(t.app.get<Database>(DATABASE).db)).rows;
      expect(rows).toEqual([{ kind: 'partner_approved', recipient: 'old@example.vn' }]);
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
