import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { TEST_NOW } from '@pp/platform/testing/builders';
import { BusinessCalendar, vngcloud } from '@pp/programs';
import { aPartner } from '../testing/partner.builder';
import { partnerDecider, PartnerContext } from './partner.decider';

const now = TEST_NOW; // Monday 10:00 in Hanoi
const enterprise = { exists: true, type: 'enterprise' as const, isPartnerCustomer: false, verifiedLegalName: null };
const context: PartnerContext = { now, program: vngcloud, calendar: new BusinessCalendar(vngcloud), account: enterprise };

const partner = aPartner();
const { partnerId } = partner;
const register = partner.register();
const pending = partner.submitted({ at: now, approvalDueAt: '2026-11-26T16:59:59.999Z' });
const [submitted] = pending.events();
const [, approved] = pending.approved({ at: now, assessmentEndsAt: null }).events();
const [, rejected] = pending.rejected('licence unreadable', { at: now }).events();

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
      spec.given([submitted]).when({ type: 'ApprovePartner', partnerId }).then([approved]);
    });

    it('refuses an unknown partner and one not pending', () => {
      spec.given([]).when({ type: 'ApprovePartner', partnerId }).thenThrows('PARTNER_NOT_FOUND');
      spec.given([submitted, approved]).when({ type: 'ApprovePartner', partnerId }).thenThrows('PARTNER_NOT_PENDING', { partnerStatus: 'approved' });
      spec.given([submitted, rejected]).when({ type: 'ApprovePartner', partnerId }).thenThrows('PARTNER_NOT_PENDING');
    });
  });

  describe('RejectPartner', () => {
    it('rejects a pending application with its reason', () => {
      spec.given([submitted]).when({ type: 'RejectPartner', partnerId, reason: ' licence unreadable ' }).then([rejected]);
    });

    it('needs a reason', () => {
      spec.given([submitted]).when({ type: 'RejectPartner', partnerId, reason: '  ' }).thenThrows('REASON_REQUIRED');
    });

    it('refuses to reject an approved partner', () => {
      spec.given([submitted, approved]).when({ type: 'RejectPartner', partnerId, reason: 'late' }).thenThrows('PARTNER_NOT_PENDING');
    });
  });
});
