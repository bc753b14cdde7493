import { DomainError } from './domain-error';

/** Minor-unit exponent of the ISO 4217 currencies the programs use. */
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = { VND: 0, CNY: 2, USD: 2 };

const DECIMAL = /^(-)?(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Parses a decimal string (`"2000000"`, `"12.50"`) into an integer amount in the currency's minor
 * unit. No floating point: digits are handled as text.
 * @throws DomainError `INVALID_AMOUNT` (400) for exponents, signs where not allowed, or more decimals than the currency has.
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

/** Formats a minor-unit amount as the decimal string the API shows (`1250` CNY -> `"12.50"`). */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = CURRENCY_EXPONENT[currency] ?? 0;
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}
