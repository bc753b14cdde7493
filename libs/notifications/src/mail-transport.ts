import { mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';

/** A mail ready to go. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Stable per event, so a receiving system can tell a resend from a new mail. */
  readonly messageId: string;
}

/** Where mails go: an SMTP server, or .eml files for local use. */
export interface MailTransport {
  /** @throws Error when the mail was not accepted (the sender retries later). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** DI token of the {@link MailTransport}. */
export const MAIL_TRANSPORT = Symbol('MailTransport');

/** Sends through SMTP (`SMTP_URL`, e.g. `smtp://user:pass@host:587`) with nodemailer. */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter;
  constructor(url: string) {
    this.transporter = createTransport(url);
  }
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(mail);
  }
  close(): void {
    this.transporter.close();
  }
}

/**
 * Writes each mail as an RFC 5322 .eml file into a folder (`DATA_DIR/mail/`), built by nodemailer's
 * stream transport exactly as it would go over SMTP. Names sort by time of sending; a file appears
 * whole (written as `<name>.eml.partial`, then renamed).
 */
export class EmlFolderTransport implements MailTransport {
  private readonly transporter: Transporter;
  private counter = 0;
  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
    this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }
  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transporter.sendMail(mail)) as { message: Buffer };
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(this.counter++).padStart(4, '0')}-${mail.messageId.replace(/[^A-Za-z0-9-]/g, '')}.eml`;
    // Off the event loop (a synchronous write was a fifth of a busy projector's time, issue 16), and
    // under a name no reader lists until it is whole: readers take only `*.eml`.
    const path = join(this.folder, name);
    await writeFile(`${path}.partial`, info.message);
    await rename(`${path}.partial`, path);
  }
  close(): void {
    this.transporter.close();
  }
}
