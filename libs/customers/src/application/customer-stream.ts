import { Inject, Injectable } from '@nestjs/common';
import { isOperating, PartnerDirectory } from '@pp/partners';
import { BoundCommand, CommandContext, CommandPipeline, parsePercent, StreamReads } from '@pp/platform';
import { DateTime } from 'luxon';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { CustomerCommand, customerDecider, CustomerContext, CustomerState } from '../domain/customer.decider';
import { CustomerEvent, customerStream } from '../domain/customer.events';

/** Commands that need the partner to operate: inviting, confirming, approving, discounting. */
const NEEDS_OPERATING_PARTNER = new Set<CustomerCommand['type']>(['AddCustomer', 'ConfirmCustomer', 'ApproveCustomer', 'SetCustomerDiscount', 'AssignCustomerPriceList']);

/**
 * The customer stream's commands, bound once: the decider, `customer-{accountId}`, the program's
 * invitation lifetime, review SLA, discount cap and time zone, and for the commands that need it whether the partner of the
 * relationship operates, read for every attempt with the partner's stream as a condition of the
 * append (a suspension or termination committed meanwhile makes the command decide again). Every
 * handler of the customers context runs through {@link run}, and so does the price-lists context's
 * AssignCustomerPriceList (issue 17: the customer stream keeps the history of its price lists).
 */
@Injectable()
export class CustomerStream {
  private readonly handle: BoundCommand<CustomerCommand, CustomerState, CustomerEvent, CustomerContext>;

  constructor(
    pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    @Inject(PROGRAM) readonly program: ProgramPreset,
  ) {
    const calendar = new BusinessCalendar(program);
    this.handle = pipeline.for(customerDecider, customerStream, {
      invitationLifetimeDays: program.invitationLifetimeDays,
      approvalDueAt: (from: Date) => calendar.dueAfterBusinessDays(from, program.reviewSlaBusinessDays),
      discountCapBasisPoints: parsePercent(program.discountCapPercent),
      currency: program.currency,
      monthOf: (at: Date) => DateTime.fromJSDate(at, { zone: program.timeZone }).toFormat('yyyy-MM'),
    });
  }

  /**
   * Runs `command` on `customer-{command.accountId}`, recorded as `commandName`.
   * @param facts more of the decider context, read for every attempt (conditions of the append through `reads`).
   * @param prefetch streams `facts` will read, read with the customer stream in one round trip (`CommandPipeline.prefetch`).
   * @throws DomainError as {@link customerDecider} decides.
   */
  run(command: CustomerCommand, commandName: string, context: CommandContext, facts?: (reads: StreamReads) => Promise<Partial<CustomerContext>>, prefetch?: readonly string[]) {
    return this.handle(command.accountId, command, {
      context,
      commandName,
      prefetch,
      facts: async (state, reads) => {
        const more = facts ? await facts(reads) : {};
        if (!NEEDS_OPERATING_PARTNER.has(command.type)) return more;
        const partnerId = 'partnerId' in command ? command.partnerId : state.status === 'none' ? null : state.invitation.partnerId;
        return partnerId === null ? more : { ...more, partnerOperating: isOperating(await this.partners.get(partnerId, reads)) };
      },
    });
  }
}
