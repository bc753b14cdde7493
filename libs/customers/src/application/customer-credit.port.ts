/**
 * What the customers context asks of the credit context (which depends on it, so it cannot be
 * imported): the credit a partner allocated to an account and has not reclaimed, minor units.
 */
export interface CustomerCreditLookup {
  balanceOf(partnerId: string, accountId: string): Promise<bigint>;
}

/** DI token of the {@link CustomerCreditLookup}, provided globally by the credit module. */
export const CUSTOMER_CREDIT_LOOKUP = Symbol('CustomerCreditLookup');
