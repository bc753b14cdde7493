import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';
import { RegisterPartnerInput } from '../../domain/partner.decider';
import { ContactInput } from '../contact-input';

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
