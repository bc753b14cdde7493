import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { BusinessCalendar, tencentcloud, vngcloud } from '@pp/programs';
import { PartnerCommand, partnerDecider, PartnerContext } from './partner.decider';
import { PartnerRegistrationSubmitted } from './partner.events';

const now = new Date('2026-11-23T03:00:00Z');
const enterprise = { exists: true, type: 'enterprise' as const, isPartnerCustomer: false, verifiedLegalName: null };
const vn: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: enterprise };
const cn: PartnerContext = { now, program: tencentcloud, calendar: new BusinessCalendar(tencentcloud), account: { ...enterprise, verifiedLegalName: '深圳市云帆科技有限公司' } };
const company = { legalName: 'Công ty Cổ phần Công nghệ Sao Việt', businessLicenseNo: '0312345678', registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true };
const contact = { name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: { countryCode: '+84', number: '2838221234' } };
const bank = { bankName: 'BIDV', branch: 'Chi nhánh Sài Gòn', accountName: 'CONG TY CO PHAN CONG NGHE SAO VIET', accountNumber: '31410001234567' };
const register = (overrides: Partial<Extract<PartnerCommand, { type: 'RegisterPartner' }>> = {}): PartnerCommand => ({
  type: 'RegisterPartner',
  partnerId: 'vn-ent-saoviet',
  language: 'vi',
  termsVersion: '2023-07',
  acceptTerms: true,
  partnerType: 'reseller',
  company,
  contact,
  bank,
  ...overrides,
});
const application = (command: PartnerCommand, context: PartnerContext) => (partnerDecider.decide(command, { status: 'none' }, context)[0] as PartnerRegistrationSubmitted).data;

describe('partnerDecider: names are normalised before they are compared and stored (issue 12)', () => {
  it('stores the company legal name, the contact name and the bank account name without stray white space', () => {
    const data = application(
      register({ company: { ...company, legalName: ' Công ty  Cổ phần Công nghệ Sao Việt ' }, contact: { ...contact, name: 'Trần\u00A0 Quốc Huy ' }, bank: { ...bank, accountName: 'CONG TY  CO PHAN CONG NGHE SAO VIET ' } }),
      vn,
    );
    expect([data.company.legalName, data.contact.name, data.bank.accountName]).toEqual(['Công ty Cổ phần Công nghệ Sao Việt', 'Trần Quốc Huy', 'CONG TY CO PHAN CONG NGHE SAO VIET']);
  });

  it('stores the verified-name match under tencentcloud as the normalised name, not as typed', () => {
    const data = application(register({ language: 'zh', termsVersion: '2024-01', company: { ...company, legalName: '深圳市云帆科技有限公司 ', registeredCapital: '100000000' } }), cn);
    expect(data.company.legalName).toBe('深圳市云帆科技有限公司');
  });

  describe('UpdatePartnerProfile', () => {
    const submitted = { type: 'PartnerRegistrationSubmitted' as const, data: { ...application(register(), vn), submittedAt: now.toISOString(), approvalDueAt: now.toISOString() } };
    const spec = deciderSpec(partnerDecider, vn);

    it('records a changed company name normalised', () => {
      spec
        .given([submitted])
        .when({ type: 'UpdatePartnerProfile', partnerId: 'vn-ent-saoviet', companyName: ' Công ty  Mới ' })
        .thenState((s) => expect(s.status !== 'none' && s.application.company.legalName).toBe('Công ty Mới'));
    });

    it('records nothing when a name differs only by white space or composition', () => {
      spec
        .given([submitted])
        .when({ type: 'UpdatePartnerProfile', partnerId: 'vn-ent-saoviet', companyName: 'Công ty Cổ phần  Công nghệ Sao Việt ', contact: { ...contact, name: ' Trần Quốc  Huy' }, bank: { ...bank, accountName: ' CONG TY CO PHAN CONG NGHE SAO VIET' } })
        .then([]);
    });

    it('records a contact change with the contact name normalised', () => {
      spec
        .given([submitted])
        .when({ type: 'UpdatePartnerProfile', partnerId: 'vn-ent-saoviet', contact: { ...contact, name: ' Lê  Thị Hoa ' } })
        .thenState((s) => expect(s.status !== 'none' && s.application.contact.name).toBe('Lê Thị Hoa'));
    });
  });
});
