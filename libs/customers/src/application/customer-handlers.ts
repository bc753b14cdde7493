import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory, normalizeEmail } from '@pp/accounts';
import { PartnerDirectory, isOperating, isPartnerAccount } from '@pp/partners';
import { CommandAnswer, commandAnswer, CommandPipeline, DomainError, ruleViolation, StreamReads } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { CustomerCommand, customerDecider, CustomerContext, CustomerState, InviteeFacts } from '../domain/customer.decider';
import { customerStream } from '../domain/customer.events';
import { AddCustomerAnswer, AddCustomerRowResult, AddCustomersCommand, AnswerInvitationCommand, ExpireInvitationCommand, RemoveCustomerCommand, ReviewCustomerCommand, WithdrawInvitationCommand } from './customer-commands';
import { InvitationTokens } from './invitation-tokens';
import { CUSTOMER_CREDIT_LOOKUP, CustomerCreditLookup } from './customer-credit.port';

/** The decider context of the program: invitation lifetime and the review SLA in business days. */
function customerContext(program: ProgramPreset, calendar: BusinessCalendar, now: Date): CustomerContext {
  return { now, invitationLifetimeDays: program.invitationLifetimeDays, approvalDueAt: (from) => calendar.dueAfterBusinessDays(from, program.reviewSlaBusinessDays) };
}

/** Commands that need the partner to operate: inviting, confirming, approving, discounting. */
const NEEDS_OPERATING_PARTNER = new Set<CustomerCommand['type']>(['InviteCustomer', 'ConfirmCustomer', 'ApproveCustomer', 'SetCustomerDiscount']);

/** Runs customer-stream commands; where it matters, the partner's status is read for every attempt. */
export abstract class CustomerStreamHandler {
  protected readonly calendar: BusinessCalendar;
  constructor(
    protected readonly pipeline: CommandPipeline,
    protected readonly program: ProgramPreset,
    protected readonly partners: PartnerDirectory,
  ) {
    this.calendar = new BusinessCalendar(program);
  }

  /** `facts`: more of the decider context, read on every attempt (conditions of the append through `reads`). */
  protected run(command: CustomerCommand, commandName: string, context: AddCustomersCommand['context'], facts?: (reads: StreamReads) => Promise<Partial<CustomerContext>>) {
    return this.pipeline.execute({
      streamId: customerStream(command.accountId),
      decider: customerDecider,
      command,
      commandName,
      context,
      deciderContext: async (state: CustomerState, reads: StreamReads): Promise<CustomerContext> => {
        const base = { ...customerContext(this.program, this.calendar, context.now), ...(facts ? await facts(reads) : {}) };
        if (!NEEDS_OPERATING_PARTNER.has(command.type)) return base;
        const partnerId = 'partnerId' in command ? command.partnerId : state.status === 'none' ? null : state.invitation.partnerId;
        // A condition of the append: a suspension or termination committed meanwhile makes this decide
        // again, so no invitation (or approval) of a partner gone slips in after the partner's end.
        return partnerId === null ? base : { ...base, partnerOperating: isOperating(await this.partners.get(partnerId, reads)) };
      },
    });
  }
}

/**
 * AddCustomer: each row is decided on its own `customer-{accountId}` stream, so one bad row never
 * stops the others and two partners adding one account at the same instant cannot both win (the
 * stream's expected revision decides; the loser's retry sees `CUSTOMER_ALREADY_LINKED`). Rows are
 * handled in input order; a repeated e-mail (compared case-insensitively) is `DUPLICATE_IN_BATCH`.
 * @throws DomainError `PARTNER_NOT_ACTIVE` (422) for the whole batch when the partner does not operate.
 */
@CommandHandler(AddCustomersCommand)
export class AddCustomersHandler extends CustomerStreamHandler implements ICommandHandler<AddCustomersCommand, AddCustomerAnswer> {
  private readonly logger = new Logger(AddCustomersHandler.name);

  constructor(
    pipeline: CommandPipeline,
    @Inject(PROGRAM) program: ProgramPreset,
    partners: PartnerDirectory,
    private readonly accounts: AccountDirectory,
    private readonly tokens: InvitationTokens,
    @Inject(CUSTOMER_CREDIT_LOOKUP) private readonly credit: CustomerCreditLookup,
  ) {
    super(pipeline, program, partners);
  }

  async execute({ partnerId, rows, context }: AddCustomersCommand): Promise<AddCustomerAnswer> {
    const partner = await this.partners.get(partnerId);
    if (!isOperating(partner)) throw ruleViolation('PARTNER_NOT_ACTIVE', `the partner is ${partner.status === 'none' ? 'not registered' : partner.status}; only an approved partner adds customers`);
    const seen = new Set<string>();
    const results: AddCustomerRowResult[] = [];
    let position = 0n;
    for (const row of rows) {
      const normalized = normalizeEmail(row.email);
      if (seen.has(normalized)) {
        results.push({ email: row.email, result: 'rejected', code: 'DUPLICATE_IN_BATCH' });
        continue;
      }
      seen.add(normalized);
      const accountId = await this.accounts.findIdByEmail(row.email);
      if (accountId === null) {
        results.push({ email: row.email, result: 'rejected', code: 'ACCOUNT_NOT_FOUND' });
        continue;
      }
      try {
        const written = await this.run(
          {
            type: 'InviteCustomer',
            accountId,
            partnerId,
            ...this.tokens.issue(),
            email: row.email.trim(),
            commonName: row.commonName.trim(),
            role: row.role ?? 'partner',
          },
          'AddCustomer',
          context,
          async (reads) => ({ invitee: await this.invitee(accountId, reads) }),
        );
        if (written.position > position) position = written.position;
        results.push({ email: row.email, result: 'invited', accountId });
      } catch (error) {
        if (error instanceof DomainError) {
          // No account id on a refusal: a partner learns nothing about accounts it cannot have.
          const reasons = error.extensions.reasons;
          results.push({ email: row.email, result: 'rejected', code: error.code, ...(Array.isArray(reasons) ? { reasons: reasons.map(String) } : {}) });
        } else {
          // The rows before this one are written; the answer must say so rather than become a 500.
          this.logger.error(`AddCustomer row for partner ${partnerId} failed`, error instanceof Error ? error.stack : String(error));
          results.push({ email: row.email, result: 'rejected', code: 'INTERNAL_ERROR' });
        }
      }
    }
    return { rows: results, position: position.toString() };
  }

  /**
   * The account's facts. Credit still allocated to it by its previous partner counts as a credit
   * balance (`ACCOUNT_HAS_CREDIT`): it must be reclaimed before another partner takes the account on.
   */
  private async invitee(accountId: string, reads: StreamReads): Promise<InviteeFacts> {
    // The account's partner stream is a condition: RegisterPartner holds on to this customer stream
    // the same way, so the two can never both commit for one account.
    const [account, partner, customer] = await Promise.all([this.accounts.get(accountId), this.partners.get(accountId, reads), this.pipeline.load(customerStream(accountId), customerDecider)]);
    if (account.status !== 'registered') return { exists: false, isPartner: false, billing: null, standing: null };
    const previous = customer.state.status === 'none' ? null : customer.state.invitation.partnerId;
    const leftover = previous === null ? 0n : await this.credit.balanceOf(previous, accountId);
    const standing = account.standing ?? { creditBalance: '0', currency: this.program.currency, usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false, recordedAt: '' };
    return {
      exists: true,
      email: account.email,
      isPartner: isPartnerAccount(partner),
      billing: account.billing,
      standing: leftover > 0n ? { ...standing, creditBalance: (BigInt(standing.creditBalance) + leftover).toString() } : account.standing,
    };
  }
}

/** ConfirmCustomer / DeclineCustomerInvitation. @throws DomainError `INVITATION_TOKEN_INVALID`, `INVITATION_EXPIRED` (422). */
@CommandHandler(AnswerInvitationCommand)
export class AnswerInvitationHandler extends CustomerStreamHandler implements ICommandHandler<AnswerInvitationCommand, CommandAnswer> {
  constructor(
    pipeline: CommandPipeline,
    @Inject(PROGRAM) program: ProgramPreset,
    partners: PartnerDirectory,
    private readonly accounts: AccountDirectory,
  ) {
    super(pipeline, program, partners);
  }

  async execute({ accountId, answer, token, context }: AnswerInvitationCommand): Promise<CommandAnswer> {
    const tokenHash = InvitationTokens.hash(token);
    let command: CustomerCommand;
    if (answer === 'decline') {
      command = { type: 'DeclineCustomerInvitation', accountId, tokenHash };
    } else {
      const account = await this.accounts.get(accountId);
      command = { type: 'ConfirmCustomer', accountId, tokenHash, isProviderCustomer: account.status === 'registered' && account.standing?.isProviderCustomer === true };
    }
    const result = await this.run(command, answer === 'confirm' ? 'ConfirmCustomer' : 'DeclineCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}

/** ApproveCustomer / RejectCustomer. @throws DomainError `CUSTOMER_NOT_FOUND` (404), `CUSTOMER_NOT_PENDING` (409). */
@CommandHandler(ReviewCustomerCommand)
export class ReviewCustomerHandler extends CustomerStreamHandler implements ICommandHandler<ReviewCustomerCommand, CommandAnswer> {
  constructor(pipeline: CommandPipeline, @Inject(PROGRAM) program: ProgramPreset, partners: PartnerDirectory) {
    super(pipeline, program, partners);
  }

  async execute({ accountId, decision, context }: ReviewCustomerCommand): Promise<CommandAnswer> {
    const command: CustomerCommand = decision.approve ? { type: 'ApproveCustomer', accountId } : { type: 'RejectCustomer', accountId, reason: decision.reason };
    const result = await this.run(command, decision.approve ? 'ApproveCustomer' : 'RejectCustomer', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}

/**
 * Cancels an open invitation or ends a confirmed relationship, whichever applies to the state the
 * pipeline reads (and reads again on a retry). A partner addresses only its own customers; a
 * reviewer may end any relationship through the partner named in the path, but only the inviting
 * partner withdraws an invitation (SPEC section 4: CancelCustomerInvitation is the partner's).
 */
@CommandHandler(RemoveCustomerCommand)
export class RemoveCustomerHandler extends CustomerStreamHandler implements ICommandHandler<RemoveCustomerCommand, CommandAnswer> {
  constructor(pipeline: CommandPipeline, @Inject(PROGRAM) program: ProgramPreset, partners: PartnerDirectory) {
    super(pipeline, program, partners);
  }

  async execute({ partnerId, accountId, reason, context }: RemoveCustomerCommand): Promise<CommandAnswer> {
    const result = await this.run(
      { type: 'RemoveCustomer', accountId, partnerId, reason, by: { role: context.actor.role, id: context.actor.id } },
      'RemoveCustomer',
      context,
    );
    return commandAnswer(accountId, result, result.state.status);
  }
}

/** ExpireCustomerInvitation: a no-op unless the invitation is still open and due. */
@CommandHandler(ExpireInvitationCommand)
export class ExpireInvitationHandler extends CustomerStreamHandler implements ICommandHandler<ExpireInvitationCommand, CommandAnswer> {
  constructor(pipeline: CommandPipeline, @Inject(PROGRAM) program: ProgramPreset, partners: PartnerDirectory) {
    super(pipeline, program, partners);
  }

  async execute({ accountId, invitationId, context }: ExpireInvitationCommand): Promise<CommandAnswer> {
    const result = await this.run({ type: 'ExpireCustomerInvitation', accountId, invitationId }, 'ExpireCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}

/** WithdrawCustomerInvitation: a no-op unless that invitation is still open. */
@CommandHandler(WithdrawInvitationCommand)
export class WithdrawInvitationHandler extends CustomerStreamHandler implements ICommandHandler<WithdrawInvitationCommand, CommandAnswer> {
  constructor(pipeline: CommandPipeline, @Inject(PROGRAM) program: ProgramPreset, partners: PartnerDirectory) {
    super(pipeline, program, partners);
  }

  async execute({ accountId, invitationId, reason, context }: WithdrawInvitationCommand): Promise<CommandAnswer> {
    const result = await this.run({ type: 'WithdrawCustomerInvitation', accountId, invitationId, reason }, 'WithdrawCustomerInvitation', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
