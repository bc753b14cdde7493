import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerAnswer, PartnerStream } from '../partner-stream';
import { SuspendPartnerCommand } from './suspend-partner.command';

/** @throws DomainError `PARTNER_NOT_FOUND` (404), `INVALID_PARTNER_STATE` (409), `REASON_REQUIRED` (422). */
@CommandHandler(SuspendPartnerCommand)
export class SuspendPartnerHandler implements ICommandHandler<SuspendPartnerCommand, PartnerAnswer> {
  constructor(private readonly partners: PartnerStream) {}

  execute({ partnerId, reason, context }: SuspendPartnerCommand): Promise<PartnerAnswer> {
    return this.partners.run({ type: 'SuspendPartner', partnerId, reason }, context);
  }
}
