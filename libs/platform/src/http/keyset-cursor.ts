import { DomainError } from '../domain/domain-error';
import { ISO_INSTANT } from '../domain/time';

/** Keys of a keyset page: an instant and identifiers, all strings. */
export type CursorKeys = readonly string[];

/** Encodes the sort keys of the last row of a page as an opaque cursor (base64url JSON). */
export const encodeCursor = (keys: CursorKeys): string => Buffer.from(JSON.stringify(keys)).toString('base64url');

/**
 * Decodes a cursor this API returned: exactly as many keys as `checks`, each passing its check. The
 * checks keep crafted cursors from reaching SQL as values it cannot cast.
 * @throws DomainError `INVALID_CURSOR` (400).
 */
export function decodeCursor(text: string, checks: ReadonlyArray<(key: string) => boolean>): string[] {
  try {
    const keys = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(keys) && keys.length === checks.length && keys.every((k, i) => typeof k === 'string' && checks[i](k))) return keys as string[];
  } catch {
    /* not base64url JSON */
  }
  throw new DomainError('INVALID_CURSOR', 'invalid', 'cursor is not one this API returned');
}

/** A cursor key check: an instant exactly as `toISOString` writes it. */
export const isInstant = (key: string) => ISO_INSTANT.test(key) && !Number.isNaN(Date.parse(key)) && new Date(key).toISOString() === key;
