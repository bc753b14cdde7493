import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { accountDecider } from './account.decider';
import { AccountRegistered } from './account.events';

const now = new Date('2026-11-23T03:00:00Z');
const registered: AccountRegistered = {
  type: 'AccountRegistered',
  data: { accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', normalizedEmail: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' },
};

describe('accountDecider: verified legal names (issue 12)', () => {
  const spec = deciderSpec(accountDecider, { now });

  it('records the verified legal name normalised: NFC, trimmed, inner white space collapsed', () => {
    spec
      .given([registered])
      .when({ type: 'RecordIdentityVerification', accountId: 'vn-ent-saoviet', legalName: ' Công ty  Sao Vie\u0323\u0302t\u00A0', method: 'business_license' })
      .then([{ type: 'AccountIdentityVerified', data: { accountId: 'vn-ent-saoviet', legalName: 'Công ty Sao Việt', method: 'business_license', verifiedAt: now.toISOString() } }]);
  });
});
