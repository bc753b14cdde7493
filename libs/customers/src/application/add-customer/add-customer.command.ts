import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';

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
export class AddCustomerCommand extends Command<AddCustomerAnswer> {
  constructor(
    readonly partnerId: string,
    readonly rows: readonly AddCustomerRow[],
    readonly context: CommandContext,
  ) {
    super();
  }
}
