/** The roles of SPEC section 1, as the JWT `role` claim carries them. */
export const ROLES = ['partner', 'customer', 'reviewer', 'service', 'auditor'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
