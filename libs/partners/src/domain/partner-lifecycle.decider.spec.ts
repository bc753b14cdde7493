import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { BusinessCalendar, tencentcloud, vngcloud } from '@pp/programs';
import { isOperating } from '../application/partner-directory';
import { AccountFacts, PartnerCommand, partnerDecider, PartnerContext } from './partner.decider';
import { PartnerApproved, PartnerEvent, PartnerRegistrationSubmitted } from './partner.events';

const now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Beijing
const verified: AccountFacts = { exists: true, type: 'enterprise', isPartnerCustomer: false, verifiedLegalName: '深圳市云帆科技有限公司' };
const tencent: PartnerContext = { now, program: tencentcloud, calendar: new BusinessCalendar(tencentcloud), account: verified };
const company = { legalName: '深圳市云帆科技有限公司', businessLicenseNo: '91440300MA5XXXXXX5', registeredCapital: '100000000', staff: 20, technicalStaff: 2, customerOperations: true, afterSalesService: true };
const register = (overrides: Record<string, unknown> = {}): PartnerCommand =>
  ({
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
  }) as PartnerCommand;

const submitted = (): PartnerRegistrationSubmitted => {
  const [event] = partnerDecider.decide(register(), { status: 'none' }, tencent);
  return event as PartnerRegistrationSubmitted;
};
const approvedAt = (at: string): PartnerApproved => partnerDecider.decide({ type: 'ApprovePartner', partnerId: 'cn-yunfan' }, partnerDecider.evolve({ status: 'none' }, submitted()), { ...tencent, now: new Date(at) })[0] as PartnerApproved;

describe('partnerDecider under tencentcloud (seed 004)', () => {
  const spec = deciderSpec(partnerDecider, tencent);

  describe('RegisterPartner', () => {
    it('accepts an agent meeting every threshold exactly', () => {
      spec.given([]).when(register()).thenState((s) => expect(s.status).toBe('pending_approval'));
    });

    it('refuses an account whose enterprise identity is not verified', () => {
      spec.given([]).when(register(), { ...tencent, account: { ...verified, verifiedLegalName: null } }).thenThrows('IDENTITY_NOT_VERIFIED');
    });

    it('refuses a company name other than the verified legal name, ignoring width and spacing', () => {
      spec.given([]).when(register({ company: { ...company, legalName: '深圳市云帆科技公司' } })).thenThrows('COMPANY_NAME_MISMATCH', { verifiedLegalName: '深圳市云帆科技有限公司' });
      spec.given([]).when(register({ company: { ...company, legalName: ' 深圳市云帆科技有限公司 ' } })).thenState((s) => expect(s.status).toBe('pending_approval'));
    });

    it('refuses a company name with a brand word, in Chinese or in any case of English', () => {
      const brand = { ...tencent, account: { ...verified, verifiedLegalName: '北京腾讯云代理服务有限公司' } };
      spec.given([]).when(register({ partnerType: 'reseller', company: { ...company, legalName: '北京腾讯云代理服务有限公司' } }), brand).thenThrows('BRAND_CONFLICT', { brandWords: ['腾讯'] });
      const latin = { ...tencent, account: { ...verified, verifiedLegalName: 'TENCENT Partner Ltd' } };
      spec.given([]).when(register({ company: { ...company, legalName: 'TENCENT Partner Ltd' } }), latin).thenThrows('BRAND_CONFLICT');
    });

    it('names every threshold an agent or industry partner fails', () => {
      const small = { ...company, registeredCapital: '99999999', staff: 19, technicalStaff: 1, customerOperations: false, afterSalesService: false };
      spec.given([]).when(register({ company: small })).thenThrows('THRESHOLD_NOT_MET', { failed: ['registeredCapital', 'staff', 'technicalStaff', 'customerOperations', 'afterSalesService'] });
      spec.given([]).when(register({ partnerType: 'industry', company: { ...company, afterSalesService: false } })).thenThrows('THRESHOLD_NOT_MET', { failed: ['afterSalesService'] });
    });

    it('applies no thresholds to the other partner types', () => {
      spec.given([]).when(register({ partnerType: 'reseller', company: { ...company, registeredCapital: '0', staff: 1, technicalStaff: 0 } })).thenState((s) => expect(s.status).toBe('pending_approval'));
    });

    it('asks nothing of the kind under vngcloud', () => {
      const vn: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: { ...verified, verifiedLegalName: null } };
      spec.given([]).when(register({ language: 'vi', termsVersion: '2023-07', company: { ...company, legalName: 'Tencent Việt Nam', staff: 1 } }), vn).thenState((s) => expect(s.status).toBe('pending_approval'));
    });
  });

  describe('assessment', () => {
    it('puts an approved partner in assessment for three calendar months, and lets it operate', () => {
      spec.given([submitted()]).when({ type: 'ApprovePartner', partnerId: 'cn-yunfan' }).thenState((s, events) => {
        expect(s.status).toBe('in_assessment');
        expect((events[0] as PartnerApproved).data.assessmentEndsAt).toBe('2027-02-23T02:00:00.000Z');
        expect(isOperating(s)).toBe(true);
      });
    });

    it.each([
      ['2026-11-30T04:00:00.000Z', '2027-02-28T04:00:00.000Z'],
      ['2027-01-31T04:00:00.000Z', '2027-04-30T04:00:00.000Z'],
      ['2027-11-30T04:00:00.000Z', '2028-02-29T04:00:00.000Z'],
      ['2026-12-31T17:00:00.000Z', '2027-03-31T17:00:00.000Z'],
    ])('approved at %s ends the assessment at %s (end of month clamps)', (at, end) => {
      expect(approvedAt(at).data.assessmentEndsAt).toBe(end);
    });

    const inAssessment: PartnerEvent[] = [submitted(), approvedAt('2026-11-23T02:00:00.000Z')];
    const after = { ...tencent, now: new Date('2027-02-23T02:00:00.000Z') };

    it('refuses a result before the period ends', () => {
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: true, notes: 'fine' }).thenThrows('ASSESSMENT_NOT_ENDED');
    });

    it('approves a passed partner', () => {
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: true, notes: 'targets met' }, after).thenState((s) => expect(s.status).toBe('approved'));
    });

    it('suspends or terminates a failed partner as the reviewer decides, and needs that decision and notes', () => {
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: false, outcomeIfFailed: 'suspended', notes: 'no sales' }, after).thenState((s) => expect(s.status).toBe('suspended'));
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: false, outcomeIfFailed: 'terminated', notes: 'fraud' }, after).thenState((s) => expect(s.status).toBe('terminated'));
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: false, notes: 'no sales' }, after).thenThrows('OUTCOME_REQUIRED');
      spec.given(inAssessment).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: true, notes: ' ' }, after).thenThrows('NOTES_REQUIRED');
      spec.given([submitted()]).when({ type: 'RecordAssessment', partnerId: 'cn-yunfan', passed: true, notes: 'x' }, after).thenThrows('INVALID_PARTNER_STATE');
    });
  });

  describe('UpdatePartnerProfile', () => {
    const partner = [submitted(), approvedAt('2026-11-23T02:00:00.000Z')];
    it('keeps before and after of each changed section', () => {
      const bank = { bankName: '招商银行', branch: '深圳科技园支行', accountName: '深圳市云帆科技有限公司', accountNumber: '7559000000000002' };
      spec.given(partner).when({ type: 'UpdatePartnerProfile', partnerId: 'cn-yunfan', bank }).thenState((s, events) => {
        expect(events[0]).toMatchObject({ type: 'PartnerProfileUpdated', data: { changes: { bank: { before: { accountNumber: '4000020000000001' }, after: bank } } } });
        expect(s.status !== 'none' && s.application.bank).toEqual(bank);
      });
    });

    it('records nothing when nothing changes', () => {
      spec.given(partner).when({ type: 'UpdatePartnerProfile', partnerId: 'cn-yunfan', companyName: '深圳市云帆科技有限公司' }).then([]);
    });

    it('refuses a company name other than the verified one under tencentcloud, and brand words anywhere', () => {
      spec.given(partner).when({ type: 'UpdatePartnerProfile', partnerId: 'cn-yunfan', companyName: '深圳云帆集团' }).thenThrows('COMPANY_NAME_MISMATCH');
      const vn: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: verified };
      spec.given(partner).when({ type: 'UpdatePartnerProfile', partnerId: 'cn-yunfan', companyName: 'Công ty Mới' }, vn).thenState((s) => expect(s.status !== 'none' && s.application.company.legalName).toBe('Công ty Mới'));
      spec.given(partner).when({ type: 'UpdatePartnerProfile', partnerId: 'cn-yunfan', companyName: 'Tencent Reseller VN' }, { ...vn, program: { ...vngcloud, brandWords: ['Tencent'] } }).thenThrows('BRAND_CONFLICT');
    });
  });

  describe('courses', () => {
    const partner = [submitted(), approvedAt('2026-11-23T02:00:00.000Z')];
    it('records a required course once, and refuses a course the program does not have', () => {
      spec.given(partner).when({ type: 'RecordCourseCompletion', partnerId: 'cn-yunfan', courseId: 'partner-required-101' }).thenState((s) => expect(s.status !== 'none' && s.coursesCompleted).toEqual(['partner-required-101']));
      const done = partnerDecider.decide({ type: 'RecordCourseCompletion', partnerId: 'cn-yunfan', courseId: 'partner-required-101' }, partner.reduce(partnerDecider.evolve, partnerDecider.initialState), tencent);
      spec.given([...partner, ...done]).when({ type: 'RecordCourseCompletion', partnerId: 'cn-yunfan', courseId: 'partner-required-101' }).then([]);
      spec.given(partner).when({ type: 'RecordCourseCompletion', partnerId: 'cn-yunfan', courseId: 'cooking-101' }).thenThrows('UNKNOWN_COURSE');
    });
  });

  describe('suspension, reinstatement, termination', () => {
    const inAssessment = [submitted(), approvedAt('2026-11-23T02:00:00.000Z')];
    const suspend = { type: 'SuspendPartner' as const, partnerId: 'cn-yunfan', reason: 'unpaid invoices' };
    it('suspends an operating partner, which then stops operating, and reinstates it to where it was', () => {
      const [suspended] = partnerDecider.decide(suspend, inAssessment.reduce(partnerDecider.evolve, partnerDecider.initialState), tencent);
      spec.given(inAssessment).when(suspend).thenState((s) => {
        expect(s.status).toBe('suspended');
        expect(isOperating(s)).toBe(false);
      });
      spec.given([...inAssessment, suspended]).when({ type: 'ReinstatePartner', partnerId: 'cn-yunfan', reason: 'paid' }).thenState((s) => expect(s.status).toBe('in_assessment'));
      spec.given([...inAssessment, suspended]).when(suspend).thenThrows('INVALID_PARTNER_STATE');
    });

    it('terminates for good and needs a reason every time', () => {
      const [terminated] = partnerDecider.decide({ type: 'TerminatePartner', partnerId: 'cn-yunfan', reason: 'breach' }, inAssessment.reduce(partnerDecider.evolve, partnerDecider.initialState), tencent);
      spec.given([...inAssessment, terminated]).when({ type: 'ReinstatePartner', partnerId: 'cn-yunfan', reason: 'x' }).thenThrows('INVALID_PARTNER_STATE');
      spec.given([...inAssessment, terminated]).when(register()).thenThrows('PARTNER_ALREADY_REGISTERED');
      spec.given(inAssessment).when({ ...suspend, reason: '' }).thenThrows('REASON_REQUIRED');
      spec.given([submitted()]).when(suspend).thenThrows('INVALID_PARTNER_STATE');
    });
  });
});
