import { StreamReads } from '@pp/platform';

/**
 * What the partners context asks of the customers context (which depends on it, so it cannot be
 * imported): whether an account is a partner's customer or has a partner's invitation pending, by
 * the customers context's own rule (SPEC section 4), read from `customer-{accountId}`; with
 * `reads`, that stream is a condition of the decision being made.
 */
export interface CustomerLinkLookup {
  isLinked(accountId: string, reads?: StreamReads): Promise<boolean>;
}

/** DI token of the {@link CustomerLinkLookup}, provided globally by the customers module. */
export const CUSTOMER_LINK_LOOKUP = Symbol('CustomerLinkLookup');
