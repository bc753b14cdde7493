import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock, CommandContext } from '@pp/platform';
import { LeadershipLoop, tickWhileLeading } from '@pp/read-store';
import { ExpireCustomerInvitationCommand } from './expire-customer-invitation/expire-customer-invitation.command';
import { WithdrawCustomerInvitationCommand } from './withdraw-customer-invitation/withdraw-customer-invitation.command';

/** A row of `invitation_expiry` the reactor acts on. */
interface Row {
  invitation_id: string;
  account_id: string;
}

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
    const withdrawn = await sql<Row & { withdraw_reason: string }>`
      select invitation_id, account_id, withdraw_reason from invitation_expiry where withdraw_reason is not null order by invitation_id limit 500`.execute(this.database.db);
    await this.closeEach(now, withdrawn.rows, 'withdraw', 'invitation-withdrawal', (row, context) => new WithdrawCustomerInvitationCommand(row.account_id, row.invitation_id, row.withdraw_reason, context));
    const due = await sql<Row>`
      select invitation_id, account_id from invitation_expiry where expires_at <= ${now.toISOString()} order by expires_at limit 500`.execute(this.database.db);
    await this.closeEach(now, due.rows, 'expire', 'invitation-expiry', (row, context) => new ExpireCustomerInvitationCommand(row.account_id, row.invitation_id, context));
    return withdrawn.rows.length + due.rows.length;
  }

  /** Issues one closing command per row as the system actor, keyed by the invitation; a failure is logged and retried next tick. */
  private async closeEach<R extends Row>(now: Date, rows: readonly R[], verb: 'withdraw' | 'expire', actorId: string, command: (row: R, context: CommandContext) => ICommand): Promise<void> {
    for (const row of rows) {
      const context: CommandContext = { actor: { role: 'system', id: actorId }, now, correlationId: row.invitation_id, causationId: row.invitation_id, idempotencyKey: `${verb}:${row.invitation_id}` };
      try {
        await this.commands.execute(command(row, context));
      } catch (error) {
        this.logger.error(`could not ${verb} invitation ${row.invitation_id}`, error instanceof Error ? error.stack : String(error));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leadership?.stop();
  }
}
