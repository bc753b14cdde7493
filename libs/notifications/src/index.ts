export * from './notifications.module';
export * from './projections/mail-outbox.projection';
export * from './mail-sender';
export * from './mail-transport';
export * from './templates';
