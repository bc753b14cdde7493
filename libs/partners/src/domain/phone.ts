import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** A telephone number split into its country calling code (`+84`) and national number (`2838221234`). */
export type PhoneNumber = { countryCode: string; number: string };

/**
 * Splits a telephone number as people write it (`+84 28 3822 1234`, or `028 3822 1234` in the
 * program's country) with libphonenumber-js. Null when it is no possible number.
 */
export function splitPhone(text: string, defaultCountry?: string): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(text, defaultCountry as CountryCode | undefined);
  if (!parsed || !parsed.isPossible()) return null;
  return { countryCode: `+${parsed.countryCallingCode}`, number: String(parsed.nationalNumber) };
}
