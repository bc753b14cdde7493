import { conflict, DomainError, DomainEvent } from '@pp/platform';
import type { PartnerStatus } from './partner.decider';

/**
 * A partner application claimed a business licence number (`business-licence-{number}`, the number
 * normalised by {@link normalizeLicenceNo}). Written with the application, in the same atomic
 * append, so that two applications with one number cannot both be accepted.
 */
export type BusinessLicenceClaimed = DomainEvent<'BusinessLicenceClaimed', { licenceNo: string; partnerId: string; claimedAt: string }>;

/**
 * A business licence number as compared for uniqueness: Unicode NFKC (full-width digits), upper
 * case, without white space, hyphens or dots, which people put in or leave out when they copy a
 * number ("0312 345 678", "0312-345-678").
 */
export const normalizeLicenceNo = (licenceNo: string) => licenceNo.normalize('NFKC').toUpperCase().replace(/[\s.\-\u2010-\u2015]/g, '');

/** Whether a number was given: the form takes '-' where a company has none, and such applications claim nothing. */
export const hasLicenceNo = (licenceNo: string) => normalizeLicenceNo(licenceNo) !== '';

/** The stream of a business licence number's claims. */
export const businessLicenceStream = (licenceNo: string) => `business-licence-${normalizeLicenceNo(licenceNo)}`;

/** Statuses in which an application holds its licence number; a rejected or terminated one lets it go. */
const HOLDING: ReadonlySet<string> = new Set<PartnerStatus>(['pending_approval', 'in_assessment', 'approved', 'suspended']);

/** Who holds a licence number, read from its stream and from the claimant's partner stream. */
export interface LicenceFacts {
  /** The partner of the latest claim, or null when the number was never claimed. */
  readonly claimedBy: string | null;
  /** That partner's application now (null: never written, or the claim is the applicant's own); an application since made with another number holds this one no longer. */
  readonly claimant: { readonly status: PartnerStatus; readonly licenceNo: string } | null;
}

/** A `business-licence-{number}` stream folded: the partner of the latest claim, or null when never claimed. */
export const businessLicenceClaims = {
  initialState: { claimedBy: null } as { readonly claimedBy: string | null },
  evolve: (state: { readonly claimedBy: string | null }, event: BusinessLicenceClaimed) => (event.type === 'BusinessLicenceClaimed' ? { claimedBy: event.data.partnerId } : state),
};

/**
 * The refusal of an application whose business licence number another live application or partner
 * holds (issue 12: two partners were accepted with one number): `BUSINESS_LICENCE_ALREADY_REGISTERED`
 * (409), or undefined when the number is free or the applicant's own.
 */
export function licenceRefusal(partnerId: string, licenceNo: string, licence: LicenceFacts): DomainError | undefined {
  const c = licence.claimant;
  if (licence.claimedBy !== partnerId && c !== null && HOLDING.has(c.status) && normalizeLicenceNo(c.licenceNo) === normalizeLicenceNo(licenceNo)) {
    return conflict('BUSINESS_LICENCE_ALREADY_REGISTERED', 'another partner application or partner is registered with this business licence number');
  }
  return undefined;
}

/** The claim an accepted application writes, or none when the number is already its own. */
export function licenceClaim(partnerId: string, licenceNo: string, licence: LicenceFacts, now: Date): BusinessLicenceClaimed[] {
  if (licence.claimedBy === partnerId) return [];
  return [{ type: 'BusinessLicenceClaimed', data: { licenceNo: normalizeLicenceNo(licenceNo), partnerId, claimedAt: now.toISOString() } }];
}
