export * from './webhooks.module';
export * from './domain/webhook.events';
export * from './domain/webhook.decider';
export * from './projections/webhooks.projection';
export * from './application/webhook-settings';
export * from './application/webhook-delivery.reactor';
export * from './public-events/public-event';
export * from './public-events/public-event-openapi';
