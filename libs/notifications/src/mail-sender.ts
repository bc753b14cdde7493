import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { customerDecider, customerStream, InvitationTokens } from '@pp/customers';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock, CommandPipeline } from '@pp/platform';
import { PROGRAM, ProgramPreset } from '@pp/programs';
import { ActiveReactor, Reactor, tickingReactor } from '@pp/read-store';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { MailOutboxTable, mailOutboxProjection } from './projections/mail-outbox.projection';
import { MailValues, renderMail } from './templates';
import { Selectable } from 'kysely';

/** Mail settings: sender address and the base of links (`MAIL_FROM`, `PUBLIC_URL`). */
export interface MailSettings {
  readonly from: string;
  readonly publicUrl: string;
}

/** DI token of the {@link MailSettings}. */
export const MAIL_SETTINGS = Symbol('MailSettings');

/** How long a mail is retried before it is given up as `failed`: a day, so an SMTP outage of hours loses nothing. */
export const MAIL_RETRY_WINDOW_MS = 24 * 3600_000;

/** Delay before attempt n + 1: 2 s doubling, at most 10 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(600_000, 2_000 * 2 ** Math.max(0, attempts - 1));

type OutboxRow = Pick<Selectable<MailOutboxTable>, 'event_id' | 'kind' | 'recipient' | 'language' | 'mail_values' | 'attempts' | 'created_at'>;

/**
 * Works off the e-mail outbox, one row at a time: a row is claimed (`sending`, attempt counted)
 * right before it goes out and marked `sent` after. A refusal by the mail server puts it back to
 * `pending` with a growing delay, and after {@link MAIL_RETRY_WINDOW_MS} it is `failed`. A row found
 * `sending` at start-up was cut off mid-send (a crash, or the database failing right after the
 * server took the mail): it becomes `unknown` and is not sent again, because each event's mail goes
 * out at most once (an operator can resend it by setting it back to `pending`). An invitation that
 * is no longer open when its turn comes is not mailed (`obsolete`).
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private active?: ActiveReactor;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_SETTINGS) private readonly settings: MailSettings,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tokens: InvitationTokens,
    private readonly pipeline: CommandPipeline,
  ) {}

  /**
   * The mail reactor, run by the projector while it leads (one sender across processes): marks mails
   * cut off by a crash, then sends what is due each time the outbox projection commits (`wake`), and
   * every `intervalMs` for retries that came due.
   * @param options.wake false: only the interval (tests that drive {@link tick} themselves).
   */
  reactor(intervalMs = 5_000, options: { wake?: boolean } = {}): Reactor {
    const reactor = tickingReactor('reactor:mail', () => this.tick(), {
      intervalMs,
      follows: options.wake === false ? [] : [mailOutboxProjection.name],
      logger: this.logger,
      onLead: async () => void (await sql`update mail_outbox set status = 'unknown', last_error = 'interrupted while sending' where status = 'sending'`.execute(this.database.db)),
    });
    // Kept, so that shutting down waits for the mail in hand before the transport closes.
    return { ...reactor, activate: async () => (this.active = await reactor.activate()) };
  }

  /** Sends what is due now, up to `max` mails; returns how many it tried. */
  async tick(max = 50): Promise<number> {
    let tried = 0;
    while (tried < max) {
      const now = this.clock.now();
      const { rows } = await sql<OutboxRow>`
        update mail_outbox set status = 'sending', attempts = attempts + 1
        where event_id = (
          select event_id from mail_outbox where status = 'pending' and next_attempt_at <= ${now.toISOString()}
          order by created_at, event_id limit 1 for update skip locked)
        returning event_id, kind, recipient, language, mail_values, attempts, created_at`.execute(this.database.db);
      if (rows.length === 0) return tried;
      tried += 1;
      await this.deliver(rows[0]);
    }
    return tried;
  }

  /** Outbox rows by status, for health and metrics. */
  async depth(): Promise<Record<string, number>> {
    const { rows } = await sql<{ status: string; n: unknown }>`select status, count(*) as n from mail_outbox group by status`.execute(this.database.db);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let values: MailValues;
    try {
      const prepared = await this.values(row);
      if (prepared === 'obsolete') {
        await this.mark(row.event_id, 'obsolete', 'the invitation was no longer open');
        return;
      }
      values = prepared;
    } catch (error) {
      await this.mark(row.event_id, 'failed', error instanceof Error ? error.message : String(error));
      return;
    }
    const mail = renderMail(row.kind, row.language, values, { timeZone: this.program.timeZone });
    try {
      await this.transport.send({ from: this.settings.from, to: row.recipient, subject: mail.subject, text: mail.text, messageId: `<${row.event_id}@partner-portal>` });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = this.clock.now().getTime() - new Date(row.created_at).getTime() > MAIL_RETRY_WINDOW_MS;
      const next = new Date(this.clock.now().getTime() + retryDelayMs(row.attempts)).toISOString();
      await sql`
        update mail_outbox set status = ${failed ? 'failed' : 'pending'}, next_attempt_at = ${next}, last_error = ${message.slice(0, 1000)}
        where event_id = ${row.event_id}`.execute(this.database.db);
      this.logger.warn(`mail ${row.kind} for event ${row.event_id} not sent (attempt ${row.attempts}${failed ? ', giving up' : ''}): ${message}`);
      return;
    }
    // The server has the mail: if this update fails the row stays `sending` and is never sent again.
    await sql`update mail_outbox set status = 'sent', sent_at = ${this.clock.now().toISOString()}, last_error = null where event_id = ${row.event_id}`.execute(this.database.db);
  }

  private async mark(eventId: string, status: 'obsolete' | 'failed', reason: string): Promise<void> {
    await sql`update mail_outbox set status = ${status}, last_error = ${reason.slice(0, 1000)} where event_id = ${eventId}`.execute(this.database.db);
    if (status === 'failed') this.logger.error(`mail for event ${eventId} given up: ${reason}`);
  }

  /**
   * The values of a mail. An invitation mail is only worth sending while the invitation is open,
   * and only with a token that answers it (the secret may have changed since it was issued); its
   * withdrawal only to an invitee that got it.
   */
  private async values(row: OutboxRow): Promise<MailValues | 'obsolete'> {
    const values: MailValues = { provider: this.program.displayName, ...row.mail_values };
    if (row.kind === 'customer_invitation') {
      const { state } = await this.pipeline.load(customerStream(row.mail_values.accountId), customerDecider);
      if (state.status !== 'invited' || state.invitation.invitationId !== row.mail_values.invitationId) return 'obsolete';
      const token = this.tokens.tokenFor(row.mail_values.invitationId);
      if (InvitationTokens.hash(token) !== state.invitation.tokenHash) throw new Error('INVITATION_SECRET differs from the one the invitation was issued with');
      values.token = token;
      // In the fragment: a browser never sends it to a server, so no access log ever records it.
      values.confirmationLink = `${this.settings.publicUrl.replace(/\/$/, '')}/customers/${encodeURIComponent(row.mail_values.accountId)}/confirm#token=${token}`;
    }
    if (row.kind === 'customer_invitation_withdrawn') {
      // Only an invitee that was (or may have been: `unknown`) mailed the invitation hears it is withdrawn.
      const { rows } = await sql<{ status: string }>`
        select status from mail_outbox where kind = 'customer_invitation' and mail_values->>'invitationId' = ${String(row.mail_values.invitationId)}`.execute(this.database.db);
      if (!rows.some((r) => r.status === 'sent' || r.status === 'unknown')) return 'obsolete';
    }
    return values;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.active?.stop();
    this.transport.close();
  }
}
