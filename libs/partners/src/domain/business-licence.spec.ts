import { hasLicenceNo, LicenceFacts, licenceClaim, licenceRefusal, normalizeLicenceNo } from './business-licence';

describe('business licence numbers (issue 12)', () => {
  it('compares numbers without the spaces, hyphens, dots and widths people type', () => {
    expect(normalizeLicenceNo(' 0312-345 678 ')).toBe('0312345678');
    expect(normalizeLicenceNo('０３１２.３４５.６７８')).toBe('0312345678');
    expect(normalizeLicenceNo('91440300ma5xxxxxx5')).toBe('91440300MA5XXXXXX5');
    expect(hasLicenceNo('-')).toBe(false);
    expect(hasLicenceNo(' 0312 ')).toBe(true);
  });

  it('refuses a number a live application or partner holds, and only that', () => {
    const held = (status: NonNullable<LicenceFacts['claimant']>['status'], licenceNo = '0312345678'): LicenceFacts => ({ claimedBy: 'other', claimant: { status, licenceNo } });
    for (const status of ['pending_approval', 'in_assessment', 'approved', 'suspended'] as const) expect(licenceRefusal('me', '0312 345 678', held(status))?.code).toBe('BUSINESS_LICENCE_ALREADY_REGISTERED');
    for (const status of ['rejected', 'terminated'] as const) expect(licenceRefusal('me', '0312345678', held(status))).toBeUndefined();
    // The holder applied again with another number: this one is free.
    expect(licenceRefusal('me', '0312345678', held('pending_approval', '0399999999'))).toBeUndefined();
    // A claim whose application was never written, or the applicant's own.
    expect(licenceRefusal('me', '0312345678', { claimedBy: 'other', claimant: null })).toBeUndefined();
    expect(licenceRefusal('me', '0312345678', { claimedBy: 'me', claimant: null })).toBeUndefined();
  });

  it('claims a number once per holder', () => {
    const now = new Date('2026-11-23T03:00:00Z');
    expect(licenceClaim('me', '0312-345678', { claimedBy: null, claimant: null }, now)).toEqual([{ type: 'BusinessLicenceClaimed', data: { licenceNo: '0312345678', partnerId: 'me', claimedAt: now.toISOString() } }]);
    expect(licenceClaim('me', '0312345678', { claimedBy: 'me', claimant: null }, now)).toEqual([]);
  });
});
