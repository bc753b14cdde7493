export * from './customers.module';
export * from './domain/customer.events';
export * from './domain/customer.decider';
export * from './application/invitation-tokens';
export * from './application/invitation-expiry.reactor';
export * from './projections/invitation-expiry.projection';
export * from './application/customer-credit.port';
export * from './application/customer-stream';
