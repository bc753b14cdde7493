export * from './roles';
export * from './jwt-secret';
export * from './tokens';
export * from './auth.guard';
