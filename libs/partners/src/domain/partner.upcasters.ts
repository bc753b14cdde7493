import { JsonObject, JsonValue } from '@pp/event-store';
import { registerUpcaster } from '@pp/platform';
import { splitPhone } from './phone';

/** The country whose numbers a program's applicants write without a country code. */
const COUNTRY_OF_PROGRAM: Record<string, string> = { vngcloud: 'VN', greennode: 'VN', tencentcloud: 'CN' };

/** The deployment's country, for v1 events that do not name their program (profile changes). */
let deploymentCountry: string | undefined;

/** Sets the country v1 phone numbers without a country code are read in, where the event does not say (at start-up, from `PROGRAM`). */
export function setDeploymentPhoneCountry(country: string): void {
  deploymentCountry = country;
}

/** A v1 contact (`phone` a string) as v2 (`phone: { countryCode, number }`); a number that does not parse keeps its text as the number. */
function upcastContact(contact: JsonValue | undefined, country?: string): JsonValue | undefined {
  if (!contact || typeof contact !== 'object' || Array.isArray(contact) || typeof contact.phone !== 'string') return contact;
  const phone = contact.phone;
  return { ...contact, phone: splitPhone(phone, country) ?? { countryCode: '', number: phone } };
}

/**
 * Schema version 2 of the events that carry a partner's contact: the phone is split into country
 * code and number (it used to be one string). Registered once, on import; every reader (command
 * pipeline, projections, audit API) sees version 2.
 */
registerUpcaster('PartnerRegistrationSubmitted', 1, (data: JsonObject) => ({ ...data, contact: upcastContact(data.contact, COUNTRY_OF_PROGRAM[String(data.program)] ?? deploymentCountry) as JsonValue }));
registerUpcaster('PartnerProfileUpdated', 1, (data: JsonObject) => {
  const changes = data.changes as JsonObject | undefined;
  const contact = changes?.contact as JsonObject | undefined;
  if (!changes || !contact) return data;
  return { ...data, changes: { ...changes, contact: { before: upcastContact(contact.before, deploymentCountry) as JsonValue, after: upcastContact(contact.after, deploymentCountry) as JsonValue } } };
});
