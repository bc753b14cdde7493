import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountDirectory, accountEmailStream, accountStream, normalizeEmail } from '@pp/accounts';
import { isOperating, isPartnerAccount, PartnerDirectory, partnerStream } from '@pp/partners';
import { CommandPipeline, DomainError, ruleViolation, StreamReads } from '@pp/platform';
import { customerDecider, InviteeFacts } from '../../domain/customer.decider';
import { customerStream } from '../../domain/customer.events';
import { CUSTOMER_CREDIT_LOOKUP, CustomerCreditLookup } from '../customer-credit.port';
import { CustomerStream } from '../customer-stream';
import { InvitationTokens } from '../invitation-tokens';
import { AddCustomerAnswer, AddCustomerCommand, AddCustomerRowResult } from './add-customer.command';

/**
 * AddCustomer: each row is decided on its own `customer-{accountId}` stream, so one bad row never
 * stops the others and two partners adding one account at the same instant cannot both win (the
 * stream's expected revision decides; the loser's retry sees `CUSTOMER_ALREADY_LINKED`). Rows are
 * handled in input order; a repeated e-mail (compared case-insensitively) is `DUPLICATE_IN_BATCH`.
 * @throws DomainError `PARTNER_NOT_ACTIVE` (422) for the whole batch when the partner does not operate.
 */
@CommandHandler(AddCustomerCommand)
export class AddCustomerHandler implements ICommandHandler<AddCustomerCommand, AddCustomerAnswer> {
  private readonly logger = new Logger(AddCustomerHandler.name);

  constructor(
    private readonly customers: CustomerStream,
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
    private readonly accounts: AccountDirectory,
    private readonly tokens: InvitationTokens,
    @Inject(CUSTOMER_CREDIT_LOOKUP) private readonly credit: CustomerCreditLookup,
  ) {}

  async execute({ partnerId, rows, context }: AddCustomerCommand): Promise<AddCustomerAnswer> {
    // The partner and every row's reservation in one read (issue 16); each row's own streams follow with its command.
    await this.pipeline.prefetch([partnerStream(partnerId), ...rows.map((row) => accountEmailStream(normalizeEmail(row.email)))]);
    const partner = await this.partners.get(partnerId);
    if (!isOperating(partner)) throw ruleViolation('PARTNER_NOT_ACTIVE', `the partner is ${partner.status === 'none' ? 'not registered' : partner.status}; only an approved partner adds customers`);
    const seen = new Set<string>();
    const results: AddCustomerRowResult[] = [];
    let position = 0n;
    for (const row of rows) {
      const normalized = normalizeEmail(row.email);
      if (seen.has(normalized)) {
        results.push({ email: row.email, result: 'rejected', code: 'DUPLICATE_IN_BATCH' });
        continue;
      }
      seen.add(normalized);
      const accountId = await this.accounts.findIdByEmail(row.email);
      if (accountId === null) {
        results.push({ email: row.email, result: 'rejected', code: 'ACCOUNT_NOT_FOUND' });
        continue;
      }
      try {
        const written = await this.customers.run(
          {
            type: 'AddCustomer',
            accountId,
            partnerId,
            ...this.tokens.issue(),
            email: row.email.trim(),
            commonName: row.commonName.trim(),
            role: row.role ?? 'partner',
          },
          'AddCustomer',
          context,
          async (reads) => ({ invitee: await this.invitee(accountId, reads) }),
          [accountStream(accountId), partnerStream(accountId)],
        );
        if (written.position > position) position = written.position;
        results.push({ email: row.email, result: 'invited', accountId });
      } catch (error) {
        if (error instanceof DomainError) {
          // No account id on a refusal: a partner learns nothing about accounts it cannot have.
          const reasons = error.extensions.reasons;
          results.push({ email: row.email, result: 'rejected', code: error.code, ...(Array.isArray(reasons) ? { reasons: reasons.map(String) } : {}) });
        } else {
          // The rows before this one are written; the answer must say so rather than become a 500.
          this.logger.error(`AddCustomer row for partner ${partnerId} failed`, error instanceof Error ? error.stack : String(error));
          results.push({ email: row.email, result: 'rejected', code: 'INTERNAL_ERROR' });
        }
      }
    }
    return { rows: results, position: position.toString() };
  }

  /**
   * The account's facts. Credit still allocated to it by its previous partner counts as a credit
   * balance (`ACCOUNT_HAS_CREDIT`): it must be reclaimed before another partner takes the account on.
   */
  private async invitee(accountId: string, reads: StreamReads): Promise<InviteeFacts> {
    // The account's partner stream is a condition: RegisterPartner holds on to this customer stream
    // the same way, so the two can never both commit for one account.
    const [account, partner, customer] = await Promise.all([this.accounts.get(accountId), this.partners.get(accountId, reads), this.pipeline.load(customerStream(accountId), customerDecider)]);
    if (account.status !== 'registered') return { exists: false, isPartner: false, billing: null, standing: null };
    const previous = customer.state.status === 'none' ? null : customer.state.invitation.partnerId;
    const leftover = previous === null ? 0n : await this.credit.balanceOf(previous, accountId);
    const standing = account.standing ?? { creditBalance: '0', currency: this.customers.program.currency, usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false, recordedAt: '' };
    return {
      exists: true,
      email: account.email,
      isPartner: isPartnerAccount(partner),
      billing: account.billing,
      standing: leftover > 0n ? { ...standing, creditBalance: (BigInt(standing.creditBalance) + leftover).toString() } : account.standing,
    };
  }
}
