import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { BankDetails } from '../../domain/partner.events';
import { ContactInput } from '../contact-input';
import { PartnerAnswer } from '../partner-stream';

/** UpdatePartnerProfile (the partner itself): contact (the phone as one string), company name, bank; each optional. */
export class UpdatePartnerProfileCommand extends Command<PartnerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly changes: { readonly contact?: ContactInput; readonly companyName?: string; readonly bank?: BankDetails },
    readonly context: CommandContext,
  ) {
    super();
  }
}
