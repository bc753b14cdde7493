export * from './roles';
export * from './jwt-secret';
export * from './tokens';
export * from './auth.guard';
export * from './auth-errors';
export * from './claim-mapping';
export * from './oidc-issuer';
export * from './token-verifier';
