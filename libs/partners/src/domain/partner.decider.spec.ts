import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { BusinessCalendar, vngcloud } from '@pp/programs';
import { PartnerCommand, partnerDecider, PartnerContext } from './partner.decider';
import { PartnerApproved, PartnerRegistrationSubmitted, PartnerRejected } from './partner.events';

const now = new Date('2026-11-23T03:00:00Z'); // Monday 10:00 in Hanoi
const enterprise = { exists: true, type: 'enterprise' as const, isPartnerCustomer: false, verifiedLegalName: null };
const context: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: enterprise };

const application = {
  partnerId: 'vn-ent-saoviet',
  language: 'vi' as const,
  termsVersion: '2023-07',
  partnerType: 'reseller' as const,
  company: { legalName: 'Công ty Cổ phần Công nghệ Sao Việt', businessLicenseNo: '0312345678', registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true },
  contact: { name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: { countryCode: '+84', number: '2838221234' } },
  bank: { bankName: 'BIDV', branch: 'Chi nhánh Sài Gòn', accountName: 'CONG TY CO PHAN CONG NGHE SAO VIET', accountNumber: '31410001234567' },
};
const register: PartnerCommand = { type: 'RegisterPartner', acceptTerms: true, ...application };
const submitted: PartnerRegistrationSubmitted = {
  type: 'PartnerRegistrationSubmitted',
  data: { ...application, program: 'vngcloud', submittedAt: now.toISOString(), approvalDueAt: '2026-11-26T16:59:59.999Z' },
};
const approved: PartnerApproved = { type: 'PartnerApproved', data: { partnerId: 'vn-ent-saoviet', approvedAt: now.toISOString(), assessmentEndsAt: null } };
const rejected: PartnerRejected = { type: 'PartnerRejected', data: { partnerId: 'vn-ent-saoviet', reason: 'licence unreadable', rejectedAt: now.toISOString() } };

describe('partnerDecider', () => {
  const spec = deciderSpec(partnerDecider, context);

  describe('RegisterPartner', () => {
    it('submits the application, due at the end of the third business day', () => {
      spec.given([]).when(register).then([submitted]);
    });

    it('puts the submitted application in pending_approval', () => {
      spec.given([]).when(register).thenState((state) => expect(state.status).toBe('pending_approval'));
    });

    it('rejects an account that is not registered', () => {
      spec.given([]).when(register, { ...context, account: { exists: false, type: null, isPartnerCustomer: false, verifiedLegalName: null } }).thenThrows('ACCOUNT_NOT_FOUND');
    });

    it('rejects an account that is not an enterprise', () => {
      spec.given([]).when(register, { ...context, account: { ...enterprise, type: 'individual' } }).thenThrows('ACCOUNT_NOT_ENTERPRISE');
    });

    it("rejects an account that is a partner's customer or invited by one", () => {
      spec.given([]).when(register, { ...context, account: { ...enterprise, isPartnerCustomer: true } }).thenThrows('ACCOUNT_IS_PARTNER_CUSTOMER');
    });

    it('rejects an application whose terms were not accepted', () => {
      spec.given([]).when({ ...register, acceptTerms: false }).thenThrows('TERMS_NOT_ACCEPTED', { termsVersion: '2023-07' });
    });

    it('rejects acceptance of terms other than the current version', () => {
      spec.given([]).when({ ...register, termsVersion: '2021-01' }).thenThrows('TERMS_NOT_ACCEPTED');
    });

    it('rejects a language the program does not offer', () => {
      spec.given([]).when({ ...register, language: 'zh' }).thenThrows('LANGUAGE_NOT_OFFERED');
    });

    it('rejects a second application while one is pending, and after approval', () => {
      spec.given([submitted]).when(register).thenThrows('PARTNER_ALREADY_REGISTERED');
      spec.given([submitted, approved]).when(register).thenThrows('PARTNER_ALREADY_REGISTERED');
    });

    it('lets a rejected applicant apply again', () => {
      spec.given([submitted, rejected]).when(register).thenState((state, events) => {
        expect(events).toEqual([submitted]);
        expect(state.status === 'pending_approval' && state.applications).toBe(2);
        expect(state.status === 'pending_approval' && state.rejectionReason).toBeNull();
      });
    });

    it('counts business days from the local date and skips the weekend', () => {
      const friday = new Date('2026-11-27T10:00:00Z');
      spec
        .given([])
        .when(register, { ...context, now: friday })
        .thenState((state) => expect(state.status !== 'none' && state.approvalDueAt).toBe('2026-12-02T16:59:59.999Z'));
    });
  });

  describe('ApprovePartner', () => {
    it('approves a pending application', () => {
      spec.given([submitted]).when({ type: 'ApprovePartner', partnerId: 'vn-ent-saoviet' }).then([approved]);
    });

    it('refuses an unknown partner and one not pending', () => {
      spec.given([]).when({ type: 'ApprovePartner', partnerId: 'vn-ent-saoviet' }).thenThrows('PARTNER_NOT_FOUND');
      spec.given([submitted, approved]).when({ type: 'ApprovePartner', partnerId: 'vn-ent-saoviet' }).thenThrows('PARTNER_NOT_PENDING', { partnerStatus: 'approved' });
      spec.given([submitted, rejected]).when({ type: 'ApprovePartner', partnerId: 'vn-ent-saoviet' }).thenThrows('PARTNER_NOT_PENDING');
    });
  });

  describe('RejectPartner', () => {
    it('rejects a pending application with its reason', () => {
      spec.given([submitted]).when({ type: 'RejectPartner', partnerId: 'vn-ent-saoviet', reason: ' licence unreadable ' }).then([rejected]);
    });

    it('needs a reason', () => {
      spec.given([submitted]).when({ type: 'RejectPartner', partnerId: 'vn-ent-saoviet', reason: '  ' }).thenThrows('REASON_REQUIRED');
    });

    it('refuses to reject an approved partner', () => {
      spec.given([submitted, approved]).when({ type: 'RejectPartner', partnerId: 'vn-ent-saoviet', reason: 'late' }).thenThrows('PARTNER_NOT_PENDING');
    });
  });
});
