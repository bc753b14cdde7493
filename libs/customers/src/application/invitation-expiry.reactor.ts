import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { CLOCK, Clock, CommandContext } from '@pp/platform';
import { Reactor, tickingReactor } from '@pp/read-store';
import { invitationExpiryProjection } from '../projections/invitation-expiry.projection';
import { ExpireCustomerInvitationCommand } from './expire-customer-invitation/expire-customer-invitation.command';
import { WithdrawCustomerInvitationCommand } from './withdraw-customer-invitation/withdraw-customer-invitation.command';

/** A row of `invitation_expiry` the reactor acts on. */
interface Row {
  invitation_id: string;
  account_id: string;
}

/**
 * Closes invitations that must not stay open, driven by `invitation_expiry`: on each tick it
 * issues ExpireCustomerInvitation for each invitation nobody answered in time (SPEC section 4), and
 * WithdrawCustomerInvitation for each open invitation of a partner since suspended or terminated
 * (issue 12). Both commands are no-ops for an invitation closed meanwhile, and keyed by the
 * invitation, so a row handled twice (a restart between the command and the projection catching
 * up) does no harm. One process leads it at a time.
 */
@Injectable()
export class InvitationExpiryReactor {
  private readonly logger = new Logger(InvitationExpiryReactor.name);

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  /**
   * The reactor, run by the projector while it leads: looks for invitations to close each time the
   * `invitation-expiry` projection commits (a partner suspended, an invitation issued already due),
   * and every `intervalMs` for invitations whose time has come.
   * @param options.wake false: only the interval (tests that drive {@link tick} themselves).
   */
  reactor(intervalMs = 5_000, options: { wake?: boolean } = {}): Reactor {
    return tickingReactor('reactor:invitation-expiry', () => this.tick(), {
      intervalMs,
      follows: options.wake === false ? [] : [invitationExpiryProjection.name],
      logger: this.logger,
    });
  }

  /** Withdraws what must be withdrawn and expires everything due now; returns how many invitations were examined. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    // One statement for both (an idle projector runs it once a fallback interval).
    const { rows } = await sql<Row & { withdraw_reason: string | null; verb: 'withdraw' | 'expire' }>`
      (select invitation_id, account_id, withdraw_reason, 'withdraw' as verb from invitation_expiry where withdraw_reason is not null order by invitation_id limit 500)
      union all
      (select invitation_id, account_id, null, 'expire' as verb from invitation_expiry where expires_at <= ${now.toISOString()} order by expires_at limit 500)`.execute(this.database.db);
    const withdrawn = rows.filter((r): r is typeof r & { withdraw_reason: string } => r.verb === 'withdraw');
    const due = rows.filter((r) => r.verb === 'expire');
    await this.closeEach(now, withdrawn, 'withdraw', 'invitation-withdrawal', (row, context) => new WithdrawCustomerInvitationCommand(row.account_id, row.invitation_id, row.withdraw_reason, context));
    await this.closeEach(now, due, 'expire', 'invitation-expiry', (row, context) => new ExpireCustomerInvitationCommand(row.account_id, row.invitation_id, context));
    return rows.length;
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
}
