/** A UTC instant exactly as `Date.prototype.toISOString` writes it for years 0000-9999. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
