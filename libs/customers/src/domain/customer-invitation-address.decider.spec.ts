import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { CustomerCommand, customerDecider, CustomerContext, InviteeFacts } from './customer.decider';

const now = new Date('2026-11-23T03:00:00Z');
const context: CustomerContext = { now, invitationLifetimeDays: 7, discountCapBasisPoints: 2000, monthOf: (at) => at.toISOString().slice(0, 7), approvalDueAt: () => now };
const ids = { accountId: 'vn-cus-kate', partnerId: 'vn-ent-saoviet', invitationId: 'inv-1' };
const invitee: InviteeFacts = { exists: true, isPartner: false, billing: 'prepaid', standing: null, email: 'kate@kite.example.vn' };

describe('customerDecider: the invitation is addressed to the account on record (issue 12)', () => {
  const spec = deciderSpec(customerDecider, context);

  it('keeps the address as the partner typed it and addresses the invitation to the registered one', () => {
    const invite: CustomerCommand = { type: 'AddCustomer', ...ids, email: '\u212AATE@KITE.example.vn', commonName: 'Kate', role: 'partner', tokenHash: 'h' };
    spec.given([]).when(invite, { ...context, invitee }).then([
      {
        type: 'CustomerInvited',
        data: { ...ids, email: '\u212AATE@KITE.example.vn', accountEmail: 'kate@kite.example.vn', commonName: 'Kate', role: 'partner', tokenHash: 'h', invitedAt: now.toISOString(), expiresAt: '2026-11-30T03:00:00.000Z' },
      },
    ]);
  });
});
