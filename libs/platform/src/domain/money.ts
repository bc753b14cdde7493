import { DomainError } from './domain-error';

/** Minor-unit exponent of the ISO 4217 currencies the programs use. */
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = { VND: 0, CNY: 2, USD: 2 };

const DECIMAL = /^(-)?(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Money: an integer amount in the currency's minor unit (VND has none, CNY has 2) with its ISO 4217
 * code. No floating point anywhere: the API speaks decimal strings, the code bigint, SQL numeric.
 */
export interface Money {
  readonly amount: bigint;
  readonly currency: string;
}

/**
 * Parses a decimal string (`"2000000"`, `"12.50"`) into an integer amount in the currency's minor
 * unit. Digits are handled as text: `"1e6"`, `"1.5"` in VND, `"0.001"` in CNY, `" 1"` or `"01"` are refused.
 * @throws DomainError `INVALID_AMOUNT` (400), `CURRENCY_NOT_SUPPORTED` (400).
 */
export function parseAmount(text: string, currency: string, options: { allowNegative?: boolean } = {}): bigint {
  const exponent = CURRENCY_EXPONENT[currency];
  if (exponent === undefined) throw new DomainError('CURRENCY_NOT_SUPPORTED', 'invalid', `currency ${currency} is not supported`);
  const match = DECIMAL.exec(text);
  if (!match) throw new DomainError('INVALID_AMOUNT', 'invalid', `"${text}" is not a plain decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (sign && !options.allowNegative) throw new DomainError('INVALID_AMOUNT', 'invalid', 'the amount may not be negative');
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) throw new DomainError('INVALID_AMOUNT', 'invalid', `${currency} has ${exponent} decimal places; "${text}" has more`);
  const minor = BigInt(whole + significant.padEnd(exponent, '0'));
  return sign ? -minor : minor;
}

/**
 * Parses an amount the caller stated in `currency`, for a program that settles in `expected`.
 * @throws DomainError `CURRENCY_MISMATCH` (422) when the currencies differ; see {@link parseAmount}.
 */
export function parseMoney(text: string, currency: string, expected: string, options: { allowNegative?: boolean } = {}): Money {
  if (currency !== expected) throw new DomainError('CURRENCY_MISMATCH', 'rule', `this program settles in ${expected}, not ${currency}`, { currency: expected });
  return { amount: parseAmount(text, currency, options), currency };
}

/** Formats a minor-unit amount as the decimal string the API shows (`1250` CNY -> `"12.50"`). */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = CURRENCY_EXPONENT[currency] ?? 0;
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}

const PERCENT = /^(0|[1-9]\d{0,2})(?:\.(\d{1,2}))?$/;

/**
 * Parses a percentage with at most two decimals (`"5"`, `"12.5"`) into basis points (500, 1250).
 * @throws DomainError `INVALID_PERCENT` (400).
 */
export function parsePercent(text: string): number {
  const match = PERCENT.exec(text);
  if (!match) throw new DomainError('INVALID_PERCENT', 'invalid', `"${text}" is not a percentage with at most two decimals`);
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) throw new DomainError('INVALID_PERCENT', 'invalid', 'a percentage is at most 100');
  return basisPoints;
}

/** Formats basis points as a percentage string (`1250` -> `"12.5"`, `500` -> `"5"`). */
export function formatPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
