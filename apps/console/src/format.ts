/**
 * Formatting for people. Money arrives in minor units as decimal strings (64-bit safe): it is shown in
 * the program currency with the currency's own digits (VND 0, CNY 2), by Intl in the screen's language.
 * Times arrive as UTC ISO-8601 and are shown in the program's time zone when given, else the browser's.
 */
const DIGITS: Record<string, number> = { VND: 0, CNY: 2, USD: 2 };

const LOCALES: Record<string, string> = { en: 'en-GB', vi: 'vi-VN', zh: 'zh-CN' };

/** `money('1500000', 'VND', 'vi')` → "1.500.000 ₫". Exact for any size: the decimal string goes to Intl as it is (Intl.NumberFormat v3), never through a float. */
export function money(minor: string | number | null | undefined, currency: string, language: string): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  const digits = DIGITS[currency] ?? 2;
  const value = BigInt(String(minor).split('.')[0]);
  const abs = value < 0n ? -value : value;
  const scale = 10n ** BigInt(digits);
  const decimal = `${value < 0n ? '-' : ''}${abs / scale}${digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : ''}`;
  const formatter = new Intl.NumberFormat(LOCALES[language] ?? language, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return formatter.format(decimal as unknown as number);
}

/** Major units typed by a person ("1.500.000", "1500000", "12.50") → minor units, or undefined when not a number. */
export function toMinor(text: string, currency: string): string | undefined {
  const digits = DIGITS[currency] ?? 2;
  const cleaned = text.trim().replace(/[\s\u00a0_]/g, '');
  const negative = cleaned.startsWith('-');
  const body = negative ? cleaned.slice(1) : cleaned;
  const match = digits === 0 ? /^\d{1,3}([.,]\d{3})*$|^\d+$/.exec(body) : /^(\d+)([.,](\d{1,2}))?$/.exec(body);
  if (!match) return undefined;
  let minor: bigint;
  if (digits === 0) minor = BigInt(body.replace(/[.,]/g, ''));
  else minor = BigInt(match[1]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
  if (minor === 0n && negative) return undefined;
  return (negative ? -minor : minor).toString();
}

/** A UTC ISO-8601 time as a date and time for people, in `timeZone` when given. */
export function dateTime(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALES[language] ?? language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A UTC ISO-8601 time as a date for people. */
export function date(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALES[language] ?? language, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}
