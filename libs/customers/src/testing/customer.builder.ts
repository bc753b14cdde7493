import { TEST_APPROVAL_DUE_AT, TEST_NOW, randomId } from '@pp/platform/testing/builders';
import { randomBytes } from 'node:crypto';
import type { CustomerApproved, CustomerEvent, CustomerInvitationConfirmed, CustomerInvited } from '../domain/customer.events';

/** vngcloud's invitation lifetime, the default time an invitation stays open. */
const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The keys every event of a customer stream carries. */
export interface CustomerIds {
  readonly accountId: string;
  readonly partnerId: string;
  readonly invitationId: string;
}

/** Who is invited, and with which token: what CustomerInvited records besides ids and times. */
export interface Invitation {
  readonly email: string;
  readonly commonName: string;
  readonly role: string;
  /** SHA-256 (hex) of the token mailed; a random one unless given. */
  readonly tokenHash: string;
}

/**
 * Builds the events of a `customer-{accountId}` stream, oldest first: a partner's invitation, the
 * customer's confirmation, a reviewer's approval. Immutable: every step returns a new builder, so
 * one invited customer can be confirmed in one test and left open in the next. Ids are random
 * unless given; the invitee's e-mail is derived from its account id.
 */
export class CustomerBuilder {
  private constructor(
    /** Account, partner and invitation of the relationship. */
    readonly ids: CustomerIds,
    /** Address, name, role and token hash of the invitation. */
    readonly invitation: Invitation,
    private readonly stream: readonly CustomerEvent[],
  ) {}

  /** A customer with random ids (or those given) and nothing in its stream yet. */
  static create(options: Partial<CustomerIds & Invitation> = {}): CustomerBuilder {
    const accountId = options.accountId ?? randomId('acc');
    const ids = { accountId, partnerId: options.partnerId ?? randomId('acc'), invitationId: options.invitationId ?? randomId('inv') };
    const invitation = {
      email: options.email ?? `${accountId}@example.vn`,
      commonName: options.commonName ?? 'Minh Phát',
      role: options.role ?? 'partner',
      tokenHash: options.tokenHash ?? randomBytes(32).toString('hex'),
    };
    return new CustomerBuilder(ids, invitation, []);
  }

  /** Invited at `at` (default {@link TEST_NOW}), open until `expiresAt` (default: seven days later). */
  invited(options: { at?: Date; expiresAt?: string; accountEmail?: string } = {}): CustomerBuilder {
    const at = options.at ?? TEST_NOW;
    const event: CustomerInvited = {
      type: 'CustomerInvited',
      data: {
        ...this.ids,
        ...this.invitation,
        ...(options.accountEmail !== undefined ? { accountEmail: options.accountEmail } : {}),
        invitedAt: at.toISOString(),
        expiresAt: options.expiresAt ?? new Date(at.getTime() + INVITATION_LIFETIME_MS).toISOString(),
      },
    };
    return this.with(event);
  }

  /**
   * Confirmed at `at` (default {@link TEST_NOW}). By default the account is not yet the provider's
   * customer, so it waits for a reviewer until `approvalDueAt` (default {@link TEST_APPROVAL_DUE_AT}).
   */
  confirmed(options: { at?: Date; requiresApproval?: boolean; approvalDueAt?: string | null } = {}): CustomerBuilder {
    const requiresApproval = options.requiresApproval ?? true;
    const approvalDueAt = options.approvalDueAt !== undefined ? options.approvalDueAt : requiresApproval ? TEST_APPROVAL_DUE_AT : null;
    const event: CustomerInvitationConfirmed = { type: 'CustomerInvitationConfirmed', data: { ...this.ids, confirmedAt: (options.at ?? TEST_NOW).toISOString(), requiresApproval, approvalDueAt } };
    return this.with(event);
  }

  /** Approved at `at` (default {@link TEST_NOW}), by a reviewer unless `automatic`. */
  approved(options: { at?: Date; automatic?: boolean } = {}): CustomerBuilder {
    const event: CustomerApproved = { type: 'CustomerApproved', data: { ...this.ids, approvedAt: (options.at ?? TEST_NOW).toISOString(), automatic: options.automatic ?? false } };
    return this.with(event);
  }

  /** The stream so far, oldest first (a copy). */
  events(): CustomerEvent[] {
    return [...this.stream];
  }

  private with(event: CustomerEvent): CustomerBuilder {
    return new CustomerBuilder(this.ids, this.invitation, [...this.stream, event]);
  }
}

/** A customer with random ids: `aCustomer().invited().confirmed().approved().events()`. */
export const aCustomer = (options?: Partial<CustomerIds & Invitation>) => CustomerBuilder.create(options);
