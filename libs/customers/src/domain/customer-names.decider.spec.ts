import { customerDecider, CustomerContext, InviteeFacts } from './customer.decider';
import { CustomerInvited } from './customer.events';

const now = new Date('2026-11-23T03:00:00Z');
const context: CustomerContext = { now, invitationLifetimeDays: 7, discountCapBasisPoints: 2000, monthOf: (at) => at.toISOString().slice(0, 7), approvalDueAt: () => now };
const eligible: InviteeFacts = { exists: true, isPartner: false, billing: 'prepaid', standing: null };

describe('customerDecider: the common name (issue 12)', () => {
  it('stores the common name normalised: NFC, trimmed, inner white space collapsed', () => {
    const [event] = customerDecider.decide(
      { type: 'AddCustomer', accountId: 'vn-cus-minhphat', partnerId: 'vn-ent-saoviet', invitationId: 'inv-1', email: 'a@minhphat.vn', commonName: ' Minh  Pha\u0301t ', role: 'partner', tokenHash: 'h' },
      { status: 'none', spans: [] },
      { ...context, invitee: eligible },
    );
    expect((event as CustomerInvited).data.commonName).toBe('Minh Phát');
  });
});
