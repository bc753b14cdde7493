import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { BusinessCalendar, tencentcloud, vngcloud } from '@pp/programs';
import { AccountFacts, PartnerCommand, partnerDecider, PartnerContext } from './partner.decider';
import { PartnerRegistrationSubmitted } from './partner.events';

const now = new Date('2026-11-23T02:00:00Z');
const verified: AccountFacts = { exists: true, type: 'enterprise', isPartnerCustomer: false, verifiedLegalName: '深圳市云帆科技有限公司' };
const cn: PartnerContext = { now, program: tencentcloud, calendar: new BusinessCalendar(tencentcloud), account: verified };
const vn: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: { ...verified, verifiedLegalName: null } };
const company = { legalName: '深圳市云帆科技有限公司', businessLicenseNo: '91440300MA5XXXXXX5', registeredCapital: '100000000', staff: 20, technicalStaff: 2, customerOperations: true, afterSalesService: true };
const register = (overrides: Partial<Extract<PartnerCommand, { type: 'RegisterPartner' }>> = {}): PartnerCommand => ({
  type: 'RegisterPartner',
  partnerId: 'cn-yunfan',
  language: 'zh',
  termsVersion: '2024-01',
  acceptTerms: true,
  partnerType: 'agent',
  company,
  contact: { name: '张伟', email: 'bd@yunfan-tech.cn', phone: { countryCode: '+86', number: '75586000000' } },
  bank: { bankName: '中国工商银行', branch: '深圳南山支行', accountName: '深圳市云帆科技有限公司', accountNumber: '4000020000000001' },
  ...overrides,
});
const submitted = partnerDecider.decide(register(), { status: 'none' }, cn)[0] as PartnerRegistrationSubmitted;

describe('partnerDecider: RegisterPartner names every refusal reason (issue 12)', () => {
  const spec = deciderSpec(partnerDecider, cn);

  it('names a brand conflict and failed thresholds together, with both their details', () => {
    const name = '深圳市腾讯小微代理有限公司';
    spec
      .given([])
      .when(register({ company: { ...company, legalName: name, staff: 5 } }), { ...cn, account: { ...verified, verifiedLegalName: name } })
      .thenThrows('BRAND_CONFLICT', { reasons: ['BRAND_CONFLICT', 'THRESHOLD_NOT_MET'], brandWords: ['腾讯'], failed: ['staff'] });
  });

  it('names every failed rule in the order they are documented, the first as the code', () => {
    spec
      .given([])
      .when(register({ language: 'vi', acceptTerms: false, company: { ...company, legalName: '深圳云帆集团', technicalStaff: 1 } }), { ...cn, account: { ...verified, type: 'individual' } })
      .thenThrows('ACCOUNT_NOT_ENTERPRISE', {
        reasons: ['ACCOUNT_NOT_ENTERPRISE', 'LANGUAGE_NOT_OFFERED', 'TERMS_NOT_ACCEPTED', 'COMPANY_NAME_MISMATCH', 'THRESHOLD_NOT_MET'],
        languages: ['zh', 'en'],
        termsVersion: '2024-01',
        verifiedLegalName: '深圳市云帆科技有限公司',
        failed: ['technicalStaff'],
      });
  });

  it('names an application already under way beside the other reasons, and keeps its 409 when it is the first', () => {
    spec.given([submitted]).when(register({ acceptTerms: false })).thenThrows('TERMS_NOT_ACCEPTED', { reasons: ['TERMS_NOT_ACCEPTED', 'PARTNER_ALREADY_REGISTERED'] });
    spec.given([submitted]).when(register({ company: { ...company, staff: 1 } })).thenThrows('PARTNER_ALREADY_REGISTERED', { reasons: ['PARTNER_ALREADY_REGISTERED', 'THRESHOLD_NOT_MET'] });
  });

  it('checks nothing else for an account that does not exist', () => {
    spec.given([]).when(register({ acceptTerms: false }), { ...vn, account: { exists: false, type: null, isPartnerCustomer: false, verifiedLegalName: null } }).thenThrows('ACCOUNT_NOT_FOUND');
  });

  it('answers one failed rule with its code alone, without reasons', () => {
    let extensions: Record<string, unknown> = {};
    try {
      partnerDecider.decide(register({ acceptTerms: false }), { status: 'none' }, cn);
    } catch (error) {
      extensions = (error as { extensions: Record<string, unknown> }).extensions;
    }
    expect(extensions).toEqual({ termsVersion: '2024-01' });
  });
});
