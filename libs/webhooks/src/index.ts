export * from './domain/webhook.events';
export * from './domain/webhook.decider';
export * from './projections/webhooks.projection';
export * from './public-events/public-event';
export * from './public-events/public-event-openapi';
