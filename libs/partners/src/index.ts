export * from './partners.module';
export * from './domain/partner.events';
export * from './domain/partner.decider';
export * from './projections/partners.projection';
export * from './projections/approval-queue.projection';
