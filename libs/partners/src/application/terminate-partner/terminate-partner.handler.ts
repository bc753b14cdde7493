import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { TerminatePartnerCommand } from './terminate-partner.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_PARTNER_STATE` (409), `REASON_REQUIRED` (422). */
@CommandHandler(TerminatePartnerCommand)
export class TerminatePartnerHandler implements ICommandHandler<TerminatePartnerCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, reason, context }: TerminatePartnerCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'TerminatePartner', partnerId, reason }, context);
  }
}
