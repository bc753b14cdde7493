export * from './types';
export * from './errors';
export * from './expected-revision';
export * from './catch-up-subscription';
export * from './in-memory.event-store';
export * from './sql/sql.event-store';
export * from './sql/event-store.migrations';
