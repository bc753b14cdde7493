import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { ReinstatePartnerCommand } from './reinstate-partner.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_PARTNER_STATE` (409), `REASON_REQUIRED` (422). */
@CommandHandler(ReinstatePartnerCommand)
export class ReinstatePartnerHandler implements ICommandHandler<ReinstatePartnerCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, reason, context }: ReinstatePartnerCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'ReinstatePartner', partnerId, reason }, context);
  }
}
