import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock } from '@pp/platform';
import { LeadershipLoop, tickWhileLeading } from '@pp/read-store';
import { ExpireInvitationCommand, WithdrawInvitationCommand } from './customer-commands';

/**
 * Closes invitations that must not stay open, driven by `invitation_expiry`: every `intervalMs` it
 * issues ExpireCustomerInvitation for each invitation nobody answered in time (SPEC section 4), and
 * WithdrawCustomerInvitation for each open invitation of a partner since suspended or terminated
 * (issue 12). Both commands are no-ops for an invitation closed meanwhile, and keyed by the
 * invitation, so a row handled twice (a restart between the command and the projection catching
 * up) does no harm. One process leads it at a time.
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

  /** Withdraws what must be withdrawn and expires everything due now; returns how many invitations were examined. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const withdrawn = await sql<{ invitation_id: string; account_id: string; withdraw_reason: string }>`
      select invitation_id, account_id, withdraw_reason from invitation_expiry where withdraw_reason is not null order by invitation_id limit 500`.execute(this.database.db);
    for (const row of withdrawn.rows) {
      try {
        await this.commands.execute(
          new WithdrawInvitationCommand(row.account_id, row.invitation_id, row.withdraw_reason, {
            actor: { role: 'system', id: 'invitation-withdrawal' },
            now,
            correlationId: row.invitation_id,
            causationId: row.invitation_id,
            idempotencyKey: `withdraw:${row.invitation_id}`,
          }),
        );
      } catch (error) {
        this.logger.error(`could not withdraw invitation ${row.invitation_id}`, error instanceof Error ? error.stack : String(error));
      }
    }
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
    return withdrawn.rows.length + rows.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leadership?.stop();
  }
}
