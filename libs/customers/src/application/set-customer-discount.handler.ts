import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isOperating, PartnerDirectory } from '@pp/partners';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline, parsePercent } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { DateTime } from 'luxon';
import { customerDecider } from '../domain/customer.decider';
import { customerStream } from '../domain/customer.events';

/** SetCustomerDiscount (partner): a percentage (decimal string, at most two decimals) from a month on. */
export class SetCustomerDiscountCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly percent: string,
    readonly effectiveMonth: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Sets a discount on the customer's own stream, where its approval lives, so "approved customer of
 * this partner" is checked atomically with the change.
 * @throws DomainError `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED`, `EFFECTIVE_MONTH_IN_PAST`, `DISCOUNT_ABOVE_CAP` (422), `INVALID_PERCENT` (400).
 */
@CommandHandler(SetCustomerDiscountCommand)
export class SetCustomerDiscountHandler implements ICommandHandler<SetCustomerDiscountCommand, CommandAnswer> {
  private readonly calendar: BusinessCalendar;
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {
    this.calendar = new BusinessCalendar(program);
  }

  async execute({ partnerId, accountId, percent, effectiveMonth, context }: SetCustomerDiscountCommand): Promise<CommandAnswer> {
    const basisPoints = parsePercent(percent);
    const result = await this.pipeline.execute({
      streamId: customerStream(accountId),
      decider: customerDecider,
      command: {
        type: 'SetCustomerDiscount',
        accountId,
        partnerId,
        basisPoints,
        effectiveMonth,
        capBasisPoints: parsePercent(this.program.discountCapPercent),
        currentMonth: DateTime.fromJSDate(context.now, { zone: this.program.timeZone }).toFormat('yyyy-MM'),
      },
      commandName: 'SetCustomerDiscount',
      context,
      // The partner's status is read again on every attempt, right before the decision.
      deciderContext: async () => ({
        now: context.now,
        invitationLifetimeDays: this.program.invitationLifetimeDays,
        approvalDueAt: (from: Date) => this.calendar.dueAfterBusinessDays(from, this.program.reviewSlaBusinessDays),
        partnerOperating: isOperating(await this.partners.get(partnerId)),
      }),
    });
    return commandAnswer(accountId, result, result.state.status);
  }
}
