export * from './credit.module';
export * from './domain/credit.events';
export * from './domain/credit.decider';
