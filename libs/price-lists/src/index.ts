export * from './price-lists.module';
export * from './domain/price-list.events';
export * from './domain/price-list.decider';
export * from './projections/price-lists.projection';
export * from './application/price-list-views';
