import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory } from '@pp/accounts';
import { commandAnswer } from '@pp/platform';
import { toContact } from '../contact-input';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { UpdatePartnerProfileCommand } from './update-partner-profile.command';

/**
 * Every change kept with before and after. A changed company name must equal the account's
 * verified legal name where the program says so, read for every attempt.
 * @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_PARTNER_STATE` (409), `COMPANY_NAME_MISMATCH`, `BRAND_CONFLICT` (422), `VALIDATION_FAILED` (400).
 */
@CommandHandler(UpdatePartnerProfileCommand)
export class UpdatePartnerProfileHandler implements ICommandHandler<UpdatePartnerProfileCommand, PartnerAnswer> {
  constructor(
    private readonly partners: PartnerStream,
    private readonly accounts: AccountDirectory,
  ) {}

  async execute({ partnerId, changes, context }: UpdatePartnerProfileCommand): Promise<PartnerAnswer> {
    const contact = changes.contact ? toContact(changes.contact, this.partners.program) : undefined;
    const result = await this.partners.handle(
      partnerId,
      { type: 'UpdatePartnerProfile', partnerId, contact, companyName: changes.companyName, bank: changes.bank },
      {
        context,
        facts: async () => {
          if (changes.companyName === undefined) return {};
          const account = await this.accounts.get(partnerId);
          const registered = account.status === 'registered';
          return { account: { exists: registered, type: registered ? account.type : null, isPartnerCustomer: false, verifiedLegalName: registered ? (account.identity?.legalName ?? null) : null } };
        },
      },
    );
    return commandAnswer(partnerId, result, result.state.status);
  }
}
