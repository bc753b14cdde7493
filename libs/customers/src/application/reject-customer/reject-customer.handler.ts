import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { RejectCustomerCommand } from './reject-customer.command';

/** @throws DomainError `CUSTOMER_NOT_FOUND` (404), `CUSTOMER_NOT_PENDING` (409), `REASON_REQUIRED` (422). */
@CommandHandler(RejectCustomerCommand)
export class RejectCustomerHandler implements ICommandHandler<RejectCustomerCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ accountId, reason, context }: RejectCustomerCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'RejectCustomer', accountId, reason }, 'RejectCustomer', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
