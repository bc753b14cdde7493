import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { accountDecider, emailReservationDecider } from './account.decider';
import { AccountRegistered } from './account.events';

const now = new Date('2026-11-23T03:00:00Z');
const registered: AccountRegistered = {
  type: 'AccountRegistered',
  data: { accountId: 'vn-ent-saoviet', email: 'Admin@SaoViet.vn', normalizedEmail: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' },
};

describe('accountDecider', () => {
  const spec = deciderSpec(accountDecider, { now });

  it('registers an account with its e-mail normalised for comparison', () => {
    spec.given([]).when({ type: 'RegisterAccount', accountId: 'vn-ent-saoviet', email: ' Admin@SaoViet.vn ', accountType: 'enterprise', billing: 'prepaid' }).then([registered]);
  });

  it('refuses to write the account when the address is reserved for another one meanwhile', () => {
    spec
      .given([])
      .when({ type: 'RegisterAccount', accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', accountType: 'enterprise', billing: 'prepaid' }, { now, emailHolder: { holder: 'someone-else', holderOwnsEmail: true } })
      .thenThrows('EMAIL_ALREADY_REGISTERED');
  });

  it('takes an address whose reservation holds nothing (its account was never written), and the same registration again is a no-op', () => {
    spec
      .given([])
      .when({ type: 'RegisterAccount', accountId: 'vn-ent-saoviet', email: ' Admin@SaoViet.vn ', accountType: 'enterprise', billing: 'prepaid' }, { now, emailHolder: { holder: 'crashed', holderOwnsEmail: false } })
      .then([registered]);
    spec.given([registered]).when({ type: 'RegisterAccount', accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', accountType: 'enterprise', billing: 'prepaid' }).then([]);
  });

  it('refuses to register the same account twice', () => {
    spec.given([registered]).when({ type: 'RegisterAccount', accountId: 'vn-ent-saoviet', email: 'x@y.vn', accountType: 'enterprise', billing: 'prepaid' }).thenThrows('ACCOUNT_ALREADY_REGISTERED');
  });

  it('records an identity verification of a registered account', () => {
    spec
      .given([registered])
      .when({ type: 'RecordIdentityVerification', accountId: 'vn-ent-saoviet', legalName: ' Công ty Sao Việt ', method: 'business_license' })
      .then([{ type: 'AccountIdentityVerified', data: { accountId: 'vn-ent-saoviet', legalName: 'Công ty Sao Việt', method: 'business_license', verifiedAt: now.toISOString() } }]);
  });

  it('refuses identity verification and standing for an unknown account', () => {
    spec.given([]).when({ type: 'RecordIdentityVerification', accountId: 'nope', legalName: 'X', method: 'm' }).thenThrows('ACCOUNT_NOT_FOUND');
    spec
      .given([])
      .when({ type: 'RecordAccountStanding', accountId: 'nope', creditBalance: '0', currency: 'VND', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false })
      .thenThrows('ACCOUNT_NOT_FOUND');
  });

  it('keeps the latest standing in the state', () => {
    spec
      .given([registered])
      .when({ type: 'RecordAccountStanding', accountId: 'vn-ent-saoviet', creditBalance: '2000000', currency: 'VND', usesServices: false, hasDiscount: false, onPoc: true, isProviderCustomer: true })
      .thenState((state) => {
        expect(state.status === 'registered' && state.standing).toEqual({ creditBalance: '2000000', currency: 'VND', usesServices: false, hasDiscount: false, onPoc: true, isProviderCustomer: true, recordedAt: now.toISOString() });
      });
  });
});

describe('emailReservationDecider', () => {
  const reserved = { type: 'AccountEmailReserved' as const, data: { normalizedEmail: 'admin@saoviet.vn', accountId: 'a-1', reservedAt: now.toISOString() } };
  const spec = deciderSpec(emailReservationDecider, { holderOwnsEmail: true });

  it('reserves a free address', () => {
    spec.given([]).when({ type: 'ReserveEmail', normalizedEmail: 'admin@saoviet.vn', accountId: 'a-1', now }).then([reserved]);
  });

  it('refuses an address another registered account holds', () => {
    spec.given([reserved]).when({ type: 'ReserveEmail', normalizedEmail: 'admin@saoviet.vn', accountId: 'a-2', now }).thenThrows('EMAIL_ALREADY_REGISTERED');
  });

  it('takes over an address whose holder never finished registering with it', () => {
    spec
      .given([reserved])
      .when({ type: 'ReserveEmail', normalizedEmail: 'admin@saoviet.vn', accountId: 'a-2', now }, { holderOwnsEmail: false })
      .then([{ type: 'AccountEmailReserved', data: { normalizedEmail: 'admin@saoviet.vn', accountId: 'a-2', reservedAt: now.toISOString() } }]);
  });

  it('frees an address when its reservation is released', () => {
    spec
      .given([reserved, { type: 'AccountEmailReleased', data: { normalizedEmail: 'admin@saoviet.vn', accountId: 'a-1' } }])
      .when({ type: 'ReserveEmail', normalizedEmail: 'admin@saoviet.vn', accountId: 'a-2', now })
      .then([{ type: 'AccountEmailReserved', data: { normalizedEmail: 'admin@saoviet.vn', accountId: 'a-2', reservedAt: now.toISOString() } }]);
  });
});
