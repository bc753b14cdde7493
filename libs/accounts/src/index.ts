export * from './accounts.module';
export * from './application/account-directory';
export * from './domain/account.decider';
export * from './domain/account.events';
export { ACCOUNT_ID_PATTERN } from './api/account.dto';
export { AccountIdParam } from './api/account-id.param';
