import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { RejectPartnerCommand } from './reject-partner.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `PARTNER_NOT_PENDING` (409), `REASON_REQUIRED` (422). */
@CommandHandler(RejectPartnerCommand)
export class RejectPartnerHandler implements ICommandHandler<RejectPartnerCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, reason, context }: RejectPartnerCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'RejectPartner', partnerId, reason }, context);
  }
}
