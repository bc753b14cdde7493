export * from './audit.module';
export * from './audit.controller';
export * from './verify-chain';
