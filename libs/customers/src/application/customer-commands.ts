import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** One row of an AddCustomer batch (seed 003: e-mail address, common name, your role). */
export interface AddCustomerRow {
  readonly email: string;
  readonly commonName: string;
  /** Defaults to `partner`. */
  readonly role?: string;
}

/**
 * The outcome of one row, in input order (SPEC section 9): `invited` with the `accountId`, or
 * `rejected` with its `code`. When more than one of seed 003's eligibility conditions fails,
 * `reasons` lists every failing code (the first is `code`); absent, `code` is the only reason.
 */
export interface AddCustomerRowResult {
  email: string;
  result: 'invited' | 'rejected';
  code?: string;
  reasons?: string[];
  accountId?: string;
}

/** AddCustomer's answer: one result per row, and the last global position written (decimal string). */
export interface AddCustomerAnswer {
  rows: AddCustomerRowResult[];
  position: string;
}

/** AddCustomer (partner, approved and not suspended): a batch of invitations. */
export class AddCustomersCommand extends Command<AddCustomerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly rows: readonly AddCustomerRow[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** ConfirmCustomer / DeclineCustomerInvitation (the customer account itself, with the token from the e-mail). */
export class AnswerInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly answer: 'confirm' | 'decline',
    readonly token: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** ApproveCustomer / RejectCustomer (reviewer). */
export class ReviewCustomerCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly decision: { approve: true } | { approve: false; reason: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

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

/** ExpireCustomerInvitation: issued by the expiry reactor when an invitation's time has come. */
export class ExpireInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly invitationId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * WithdrawCustomerInvitation: issued by the invitation reactor for the open invitations of a partner
 * that was suspended or terminated, so that the account is free for another partner (issue 12).
 */
export class WithdrawInvitationCommand extends Command<CommandAnswer> {
  constructor(
    readonly accountId: string,
    readonly invitationId: string,
    /** Why, as the invitee is told: e.g. `partner terminated: <the reviewer's reason>`. */
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
