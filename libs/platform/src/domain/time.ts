/** A UTC instant exactly as `Date.prototype.toISOString` writes it for years 0000-9999. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** RFC 3339 section 5.6 `date-time`; "T" and "Z" may be lower case (its note), the offset is required. */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The UTC instant (as {@link ISO_INSTANT}) an RFC 3339 date-time names, whatever its offset and
 * fraction: `2026-11-23T10:00:00+07:00` is `2026-11-23T03:00:00.000Z`. A fraction finer than a
 * millisecond is rounded `down` (the default), or `up`: which of the two keeps a comparison exact
 * with millisecond times depends on the comparison (down for "at or before", up for "at or after"
 * and "before").
 * @returns undefined when `text` is no RFC 3339 date-time, names no real date or time (30
 *   February, 24:00), is a leap second (:60, which a JavaScript time cannot hold), or falls outside
 *   the years 0000-9999.
 */
export function rfc3339ToInstant(text: string, rounding: 'down' | 'up' = 'down'): string | undefined {
  const match = RFC_3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [, , , , , , , fraction = '', sign, offsetHours, offsetMinutes] = match;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (sign && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return undefined;
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const finer = rounding === 'up' && /[1-9]/.test(fraction.slice(3)) ? 1 : 0;
  date.setUTCHours(hour, minute, second, millis + finer);
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) : 0;
  const instant = new Date(date.getTime() - offset * 60_000).toISOString();
  return ISO_INSTANT.test(instant) ? instant : undefined;
}
