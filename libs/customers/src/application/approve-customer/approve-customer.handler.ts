import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandAnswer, commandAnswer } from '@pp/platform';
import { CustomerStream } from '../customer-stream';
import { ApproveCustomerCommand } from './approve-customer.command';

/** @throws DomainError `CUSTOMER_NOT_FOUND` (404), `CUSTOMER_NOT_PENDING` (409), `PARTNER_NOT_ACTIVE` (422). */
@CommandHandler(ApproveCustomerCommand)
export class ApproveCustomerHandler implements ICommandHandler<ApproveCustomerCommand, CommandAnswer> {
  constructor(private readonly customers: CustomerStream) {}

  async execute({ accountId, context }: ApproveCustomerCommand): Promise<CommandAnswer> {
    const result = await this.customers.run({ type: 'ApproveCustomer', accountId }, 'ApproveCustomer', context);
    return commandAnswer(accountId, result, result.state.status);
  }
}
