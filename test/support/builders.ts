/**
 * Test data for every tier in one import: random ids, the fixed clock, and the builders of each
 * context (they live in the contexts' `testing/` folders so that the contexts' own unit specs can use
 * them without reaching into `test/`).
 */
export { TEST_APPROVAL_DUE_AT, TEST_NOW, randomId } from '@pp/platform/testing/builders';
export { AccountBuilder, anAccount } from '@pp/accounts/testing/account.builder';
export type { AccountRegistrationBody } from '@pp/accounts/testing/account.builder';
export { PartnerBuilder, aPartner } from '@pp/partners/testing/partner.builder';
export type { PartnerApplication } from '@pp/partners/testing/partner.builder';
export { CustomerBuilder, aCustomer } from '@pp/customers/testing/customer.builder';
export type { CustomerIds, Invitation } from '@pp/customers/testing/customer.builder';
