/**
 * Formatting for people. The API gives amounts as decimal strings in the program currency (`"1500000"`
 * VND, `"12.50"` CNY): shown with Intl in the screen's
 * language, exactly (the decimal string goes to Intl as it is, Intl.NumberFormat v3, never a float).
 * Times arrive as UTC ISO-8601 and are shown in the program's time zone when given, else the browser's.
 */
const DIGITS: Record<string, number> = { VND: 0, CNY: 2, USD: 2 };

const LOCALES: Record<string, string> = { en: 'en-GB', vi: 'vi-VN', zh: 'zh-CN' };

/** The BCP 47 locale the console formats a language with. */
export const localeOf = (language: string): string => LOCALES[language] ?? language;

/** `money('1500000', 'VND', 'vi')` → "1.500.000 ₫"; `money('12.50', 'CNY', 'zh')` → "¥12.50". */
export function money(amount: string | null | undefined, currency: string, language: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const digits = DIGITS[currency] ?? 2;
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount as unknown as number);
}

/**
 * What a person typed ("1.500.000", "1 500 000", "1500000" for VND; "12.50", "12,5" for CNY) as the
 * API's decimal string in the currency ("1500000", "12.50"), or undefined when it is not an amount.
 * A leading minus is kept (a reclaim).
 */
export function toAmount(text: string, currency: string): string | undefined {
  const digits = DIGITS[currency] ?? 2;
  const cleaned = text.trim().replace(/[\s\u00a0\u202f_]/g, '');
  const negative = cleaned.startsWith('-');
  const body = negative ? cleaned.slice(1) : cleaned;
  let whole: string;
  let fraction = '';
  if (digits === 0) {
    if (!/^\d{1,3}([.,]\d{3})+$|^\d+$/.test(body)) return undefined;
    whole = body.replace(/[.,]/g, '');
  } else {
    const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(body);
    if (!match) return undefined;
    whole = match[1];
    fraction = (match[2] ?? '').padEnd(digits, '0');
  }
  const normalized = `${BigInt(whole)}${digits > 0 ? `.${fraction || '0'.repeat(digits)}` : ''}`;
  if (/^0(\.0+)?$/.test(normalized)) return negative ? undefined : normalized;
  return `${negative ? '-' : ''}${normalized}`;
}

/** A UTC ISO-8601 time as a date and time for people, in `timeZone` when given. */
export function dateTime(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A UTC ISO-8601 time as a date for people. */
export function date(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/**
 * A telephone number for people: `{ countryCode: '+84', number: '2838221234' }` (how the partner
 * stream keeps it, and how the api answers it) → "+84 2838221234"; a string (as typed, or an older
 * record) as it is; anything else undefined.
 */
export function phoneText(phone: unknown): string | undefined {
  if (typeof phone === 'string') return phone;
  if (phone && typeof phone === 'object') {
    const { countryCode, number } = phone as { countryCode?: unknown; number?: unknown };
    if (typeof number === 'string') return `${typeof countryCode === 'string' ? countryCode : ''} ${number}`.trim();
  }
  return undefined;
}
