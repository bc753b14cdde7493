export * from './audit.module';
export * from './api/audit.controller';
export * from './api/audit.dto';
export * from './application/audit-log.queries';
export * from './application/state-as-of.query';
export * from './verify-chain';
