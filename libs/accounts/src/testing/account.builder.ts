import { randomId } from '@pp/platform/testing/builders';

/** Body of POST /v1/accounts as the identity service sends it. */
export interface AccountRegistrationBody {
  accountId: string;
  email: string;
  type: 'enterprise' | 'individual';
  billing: 'prepaid' | 'postpaid';
}

/**
 * Builds an account registration: by default a prepaid enterprise with a random id and an e-mail
 * derived from it (`acc-1a2b3c4d@example.vn`), which is what most rules want of an account.
 */
export class AccountBuilder {
  private readonly account: AccountRegistrationBody;

  constructor(accountId = randomId('acc')) {
    this.account = { accountId, email: `${accountId}@example.vn`, type: 'enterprise', billing: 'prepaid' };
  }

  /** The account's id. */
  get accountId(): string {
    return this.account.accountId;
  }

  /** An enterprise or an individual account. */
  ofType(type: AccountRegistrationBody['type']): this {
    this.account.type = type;
    return this;
  }

  /** An individual account (not eligible to become a partner). */
  individual(): this {
    return this.ofType('individual');
  }

  /** Billed prepaid or postpaid. */
  billed(billing: AccountRegistrationBody['billing']): this {
    this.account.billing = billing;
    return this;
  }

  /** Billed postpaid (not eligible to become a partner's customer). */
  postpaid(): this {
    return this.billed('postpaid');
  }

  /** Another registered e-mail address. */
  withEmail(email: string): this {
    this.account.email = email;
    return this;
  }

  /** The registration body, a copy: changing it does not change the builder. */
  body(): AccountRegistrationBody {
    return { ...this.account };
  }
}

/** An account registration with a random id: `anAccount().individual().body()`. */
export const anAccount = (accountId?: string) => new AccountBuilder(accountId);
