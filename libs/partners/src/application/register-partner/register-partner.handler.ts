import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory } from '@pp/accounts';
import { CommandAnswer, commandAnswer, CommandPipeline, parseAmount, StreamReads } from '@pp/platform';
import { businessLicenceClaims, businessLicenceStream, hasLicenceNo, LicenceFacts, licenceClaim } from '../../domain/business-licence';
import { partnerDecider } from '../../domain/partner.decider';
import { partnerStream } from '../../domain/partner.events';
import { CUSTOMER_LINK_LOOKUP, CustomerLinkLookup } from '../customer-links.port';
import { PartnerStream } from '../partner-stream';
import { toContact } from '../contact-input';
import { RegisterPartnerCommand } from './register-partner.command';

/**
 * Reads the account and its customer link fresh from their streams, then decides on the partner
 * stream. See {@link partnerDecider} for the rules and codes.
 */
@CommandHandler(RegisterPartnerCommand)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartnerCommand, CommandAnswer> {
  constructor(
    private readonly partners: PartnerStream,
    private readonly pipeline: CommandPipeline,
    private readonly accounts: AccountDirectory,
    @Inject(CUSTOMER_LINK_LOOKUP) private readonly customerLinks: CustomerLinkLookup,
  ) {}

  async execute({ input, context }: RegisterPartnerCommand): Promise<CommandAnswer> {
    const { program } = this.partners;
    const registeredCapital = parseAmount(input.company.registeredCapital, program.currency).toString();
    const contact = toContact(input.contact, program);
    const licenceNo = input.company.businessLicenseNo;
    const result = await this.partners.handle(
      input.partnerId,
      { type: 'RegisterPartner', ...input, contact, company: { ...input.company, registeredCapital } },
      {
        context,
        // The customer link and the licence's claims are conditions of the append: an invitation of
        // this account, or another claim of the number, committed meanwhile makes this decide again
        // (AddCustomer holds on to this partner stream the same way).
        facts: async (_state, reads) => {
          const [account, isPartnerCustomer, licence] = await Promise.all([
            this.accounts.get(input.partnerId),
            this.customerLinks.isLinked(input.partnerId, reads),
            hasLicenceNo(licenceNo) ? this.licenceFacts(licenceNo, input.partnerId, reads) : undefined,
          ]);
          const registered = account.status === 'registered';
          return {
            licence,
            account: { exists: registered, type: registered ? account.type : null, isPartnerCustomer, verifiedLegalName: registered ? (account.identity?.legalName ?? null) : null },
          };
        },
        linkedWrites: (events, _state, ctx) =>
          ctx.licence && events.some((e) => e.type === 'PartnerRegistrationSubmitted')
            ? [{ streamId: businessLicenceStream(licenceNo), events: licenceClaim(input.partnerId, licenceNo, ctx.licence, context.now) }]
            : [],
      },
    );
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
