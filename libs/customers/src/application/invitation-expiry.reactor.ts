import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock } from '@pp/platform';
import { LeadershipLoop, tickWhileLeading } from '@pp/read-store';
import { ExpireInvitationCommand } from './customer-commands';

/**
 * Expires invitations nobody answered in time (SPEC section 4), driven by the due times in
 * `invitation_expiry`: every `intervalMs` it issues ExpireCustomerInvitation for each due row. The
 * command is a no-op for an invitation answered meanwhile, so a row handled twice (a restart between
 * the command and the projection catching up) does no harm. One process leads it at a time.
 */
@Injectable()
export class InvitationExpiryReactor implements OnApplicationShutdown {
  private readonly logger = new Logger(InvitationExpiryReactor.name);
  private leadership?: LeadershipLoop;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  /** Looks for due invitations every `intervalMs` while this process leads the reactor. */
  start(intervalMs = 1_000): void {
    void this.leadership?.stop();
    this.leadership = tickWhileLeading(this.database, 'reactor:invitation-expiry', intervalMs, () => this.tick(), { logger: this.logger });
  }

  /** Expires everything due now; returns how many invitations were examined. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const { rows } = await sql<{ invitation_id: string; account_id: string }>`
      select invitation_id, account_id from invitation_expiry where expires_at <= ${now.toISOString()} order by expires_at limit 500`.execute(this.database.db);
    for (const row of rows) {
      try {
        await this.commands.execute(
          new ExpireInvitationCommand(row.account_id, row.invitation_id, {
            actor: { role: 'system', id: 'invitation-expiry' },
            now,
            correlationId: row.invitation_id,
            causationId: row.invitation_id,
            idempotencyKey: `expire:${row.invitation_id}`,
          }),
        );
      } catch (error) {
        this.logger.error(`could not expire invitation ${row.invitation_id}`, error instanceof Error ? error.stack : String(error));
      }
    }
    return rows.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leadership?.stop();
  }
}
