import { DomainError } from '@pp/platform';
import { ProgramPreset } from '@pp/programs';
import { ContactDetails } from '../domain/partner.events';
import { splitPhone } from '../domain/phone';

/** A contact as the API takes it: the phone as one string (`+84 28 3822 1234`). */
export type ContactInput = { name: string; email: string; phone: string };

/**
 * The contact as the events keep it (schema version 2): the phone split into country code and
 * number; a number without a country code is read as one of the program's country.
 * @throws DomainError `VALIDATION_FAILED` (400) naming `contact.phone` when it is no possible number.
 */
export function toContact(input: ContactInput, program: Pick<ProgramPreset, 'holidayCountry'>): ContactDetails {
  const phone = splitPhone(input.phone, program.holidayCountry);
  if (!phone) {
    throw new DomainError('VALIDATION_FAILED', 'invalid', 'the request is not valid; see errors', { errors: [{ field: 'contact.phone', messages: ['contact.phone is not a possible telephone number'] }] });
  }
  return { name: input.name, email: input.email, phone };
}
