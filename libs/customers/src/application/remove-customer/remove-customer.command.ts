import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/**
 * DELETE /v1/partners/{partnerId}/customers/{accountId}: CancelCustomerInvitation while the
 * invitation is open, EndCustomerRelationship after it was confirmed.
 */
export class RemoveCustomerCommand extends Command<CommandAnswer> {
  constructor(
    readonly partnerId: string,
    readonly accountId: string,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}
