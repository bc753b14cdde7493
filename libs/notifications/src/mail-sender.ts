import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InvitationTokens } from '@pp/customers';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { MailKind, MailValues, renderMail } from './templates';

/** Mail settings: sender address and the base of links (`MAIL_FROM`, `PUBLIC_URL`). */
export interface MailSettings {
  readonly from: string;
  readonly publicUrl: string;
}

/** DI token of the {@link MailSettings}. */
export const MAIL_SETTINGS = Symbol('MailSettings');

/** Attempts before a mail is given up as `failed`. */
export const MAX_MAIL_ATTEMPTS = 8;

/** Delay before attempt n + 1: 2 s doubling, at most 10 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 2_000 * 2 ** Math.max(0, attempts - 1));

interface OutboxRow {
  event_id: string;
  kind: MailKind;
  recipient: string;
  language: string;
  mail_values: Record<string, string>;
  attempts: number;
}

/**
 * Works off the e-mail outbox. A row is claimed (`sending`, attempt counted) before it goes out and
 * marked `sent` after; a refusal by the mail server puts it back to `pending` with a growing delay,
 * and after {@link MAX_MAIL_ATTEMPTS} it is `failed`. A row found `sending` at start-up was cut off
 * by a crash mid-send: it becomes `unknown` and is not sent again, because each event's mail goes
 * out at most once (an operator can resend it by setting it back to `pending`).
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_SETTINGS) private readonly settings: MailSettings,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tokens: InvitationTokens,
  ) {}

  /** Marks mails cut off by a crash, then polls the outbox every `intervalMs`. */
  async start(intervalMs = 500): Promise<void> {
    await sql`update mail_outbox set status = 'unknown', last_error = 'interrupted while sending' where status = 'sending'`.execute(this.database.db);
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().then(() => undefined, (e: unknown) => this.logger.error('mail sender failed', e instanceof Error ? e.stack : String(e))).finally(() => (this.running = undefined));
    }, intervalMs);
  }

  /** Sends what is due now; returns how many mails it tried. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await sql<OutboxRow>`
      update mail_outbox set status = 'sending', attempts = attempts + 1
      where event_id in (
        select event_id from mail_outbox where status = 'pending' and next_attempt_at <= ${now.toISOString()}
        order by created_at, event_id limit 20 for update skip locked)
      returning event_id, kind, recipient, language, mail_values, attempts`.execute(this.database.db);
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  /** Outbox rows by status, for health and metrics. */
  async depth(): Promise<Record<string, number>> {
    const { rows } = await sql<{ status: string; n: unknown }>`select status, count(*) as n from mail_outbox group by status`.execute(this.database.db);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const mail = renderMail(row.kind, row.language, this.values(row));
      await this.transport.send({ from: this.settings.from, to: row.recipient, subject: mail.subject, text: mail.text, messageId: `<${row.event_id}@partner-portal>` });
      await sql`update mail_outbox set status = 'sent', sent_at = ${this.clock.now().toISOString()}, last_error = null where event_id = ${row.event_id}`.execute(this.database.db);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = row.attempts >= MAX_MAIL_ATTEMPTS;
      const next = new Date(this.clock.now().getTime() + retryDelayMs(row.attempts)).toISOString();
      await sql`
        update mail_outbox set status = ${failed ? 'failed' : 'pending'}, next_attempt_at = ${next}, last_error = ${message.slice(0, 1000)}
        where event_id = ${row.event_id}`.execute(this.database.db);
      this.logger.warn(`mail ${row.kind} for event ${row.event_id} not sent (attempt ${row.attempts}${failed ? ', giving up' : ''}): ${message}`);
    }
  }

  private values(row: OutboxRow): MailValues {
    const values: MailValues = { provider: this.program.displayName, ...row.mail_values };
    if (row.kind === 'customer_invitation') {
      const token = this.tokens.tokenFor(row.mail_values.invitationId);
      values.token = token;
      values.confirmationLink = `${this.settings.publicUrl.replace(/\/$/, '')}/customers/${encodeURIComponent(row.mail_values.accountId)}/confirm?token=${token}`;
    }
    return values;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }
}
