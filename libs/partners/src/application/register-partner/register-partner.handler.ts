import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory } from '@pp/accounts';
import { CommandAnswer, commandAnswer, CommandContext, CommandPipeline, parseAmount, StreamReads } from '@pp/platform';
import { BusinessCalendar, PROGRAM, ProgramPreset } from '@pp/programs';
import { businessLicenceClaims, businessLicenceStream, hasLicenceNo, LicenceFacts, licenceClaim } from '../../domain/business-licence';
import { partnerDecider, RegisterPartnerInput } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.events';
import { CustomerLinks } from '../customer-links';
import { ContactInput, toContact } from '../contact-input';

/** RegisterPartner (partner, for its own account). `company.registeredCapital` is a decimal string in the program currency. */
export class RegisterPartnerCommand extends Command<CommandAnswer> {
  constructor(
    /** The contact's phone as people write it; it is split into country code and number here. */
    readonly input: Omit<RegisterPartnerInput, 'contact'> & { contact: ContactInput },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Reads the account and its customer link fresh from their streams, then decides on the partner
 * stream. See {@link partnerDecider} for the rules and codes.
 */
@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand, CommandAnswer> {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly accounts: AccountDirectory,
    private readonly customerLinks: CustomerLinks,
    @Inject(PROGRAM) private readonly program: ProgramPreset,
  ) {
    this.calendar = new BusinessCalendar(program);
  }

  async execute({ input, context }: RegisterPartnerCommand): Promise<CommandAnswer> {
    const registeredCapital = parseAmount(input.company.registeredCapital, this.program.currency).toString();
    const contact = toContact(input.contact, this.program);
    const result = await this.pipeline.execute({
      streamId: partnerStream(input.partnerId),
      decider: partnerDecider,
      command: { type: 'RegisterPartner', ...input, contact, company: { ...input.company, registeredCapital } },
      commandName: 'RegisterPartner',
      context,
      // The customer link is a condition of the append: an invitation of this account committed
      // meanwhile (AddCustomer holds on to this partner stream the same way) makes this decide again.
      deciderContext: async (_state, reads) => {
        const [account, isPartnerCustomer, licence] = await Promise.all([
          this.accounts.get(input.partnerId),
          this.customerLinks.isLinked(input.partnerId, reads),
          hasLicenceNo(input.company.businessLicenseNo) ? this.licenceFacts(input.company.businessLicenseNo, input.partnerId, reads) : undefined,
        ]);
        return {
          licence,
          now: context.now,
          program: this.program,
          calendar: this.calendar,
          account: {
            exists: account.status === 'registered',
            type: account.status === 'registered' ? account.type : null,
            isPartnerCustomer,
            verifiedLegalName: account.status === 'registered' ? (account.identity?.legalName ?? null) : null,
          },
        };
      },
      linkedWrites: (events, _state, ctx) =>
        ctx.licence && events.some((e) => e.type === 'PartnerRegistrationSubmitted')
          ? [{ streamId: businessLicenceStream(input.company.businessLicenseNo), events: licenceClaim(input.partnerId, input.company.businessLicenseNo, ctx.licence, context.now) }]
          : [],
    });
    return commandAnswer(input.partnerId, result, result.state.status);
  }

  /**
   * Who holds the licence number: its stream is a condition of the append (another application
   * claiming it meanwhile makes this one decide again), and the claim is written with the
   * application. A claim whose application was never written holds nothing.
   */
  private async licenceFacts(licenceNo: string, partnerId: string, reads: StreamReads): Promise<LicenceFacts> {
    const { claimedBy } = (await this.pipeline.load(businessLicenceStream(licenceNo), businessLicenceClaims, reads)).state;
    if (claimedBy === null || claimedBy === partnerId) return { claimedBy, claimant: null };
    const claimant = (await this.pipeline.load(partnerStream(claimedBy), partnerDecider)).state;
    return { claimedBy, claimant: claimant.status === 'none' ? null : { status: claimant.status, licenceNo: claimant.application.company.businessLicenseNo } };
  }
}
