import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { RemoveCustomerCommand } from './remove-customer.command';

/**
 * Cancels an open invitation or ends a confirmed relationship, whichever applies to the state the
 * pipeline reads (and reads again on a retry). A partner addresses only its own customers; a
 * reviewer any, through the partner named in the path.
 * @throws DomainError `CUSTOMER_NOT_FOUND` (404), `INVITATION_NOT_OPEN`, `CUSTOMER_NOT_ACTIVE` (409), `REASON_REQUIRED` (422).
 */
@CommandHandler(RemoveCustomerCommand)
export class RemoveCustomerHandler implements ICommandHandler<RemoveCustomerCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ partnerId, accountId, reason, context }: RemoveCustomerCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'RemoveCustomer', accountId, partnerId, reason, by: { role: context.actor.role, id: context.actor.id } }, 'RemoveCustomer', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
