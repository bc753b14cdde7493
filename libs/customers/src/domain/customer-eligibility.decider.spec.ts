import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { CustomerCommand, customerDecider, CustomerContext, CustomerState, InviteeFacts } from './customer.decider';
import { CustomerInvited } from './customer.events';

const now = new Date('2026-11-23T03:00:00Z');
const context: CustomerContext = { now, invitationLifetimeDays: 7, discountCapBasisPoints: 2000, monthOf: (at) => at.toISOString().slice(0, 7), approvalDueAt: () => now };
const ids = { accountId: 'vn-cus-minhphat', partnerId: 'vn-ent-saoviet', invitationId: 'inv-1' };
const clean = { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false };
const eligible: InviteeFacts = { exists: true, isPartner: false, billing: 'prepaid', standing: clean, email: 'binh@minhphat.vn' };
const command: CustomerCommand = { type: 'AddCustomer', ...ids, email: 'binh@minhphat.vn', commonName: 'Minh Phát', role: 'partner', tokenHash: 'h' };
/** The invitation, and the decider context with these invitee facts. */
const invite = (invitee: Partial<InviteeFacts>): [CustomerCommand, CustomerContext] => [command, { ...context, invitee: { ...eligible, ...invitee } }];
const invited: CustomerInvited = {
  type: 'CustomerInvited',
  data: { ...ids, partnerId: 'other-partner', email: 'binh@minhphat.vn', commonName: 'Minh Phát', role: 'partner', tokenHash: 'h0', invitedAt: now.toISOString(), expiresAt: '2026-11-30T03:00:00.000Z' },
};
const decideArgs = ([c, ctx]: [CustomerCommand, CustomerContext], state: CustomerState): [CustomerCommand, CustomerState, CustomerContext] => [c, state, ctx];
const reasonsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return [(error as { code: string }).code, (error as { extensions: Record<string, unknown> }).extensions.reasons];
  }
  return null;
};

describe('customerDecider: every eligibility condition of seed 003 that fails is named (issue 12)', () => {
  const spec = deciderSpec(customerDecider, context);

  it('names all five when all five fail, the first as the code', () => {
    spec
      .given([])
      .when(...invite({ billing: 'postpaid', standing: { creditBalance: '2000000', usesServices: true, hasDiscount: true, onPoc: true } }))
      .thenThrows('ACCOUNT_NOT_PREPAID', { reasons: ['ACCOUNT_NOT_PREPAID', 'ACCOUNT_HAS_CREDIT', 'ACCOUNT_USING_SERVICES', 'ACCOUNT_HAS_DISCOUNT', 'ACCOUNT_ON_POC'] });
  });

  it('names the ones that fail, in the order of the seed', () => {
    spec.given([]).when(...invite({ standing: { ...clean, creditBalance: '1', onPoc: true } })).thenThrows('ACCOUNT_HAS_CREDIT', { reasons: ['ACCOUNT_HAS_CREDIT', 'ACCOUNT_ON_POC'] });
  });

  it('answers one failing condition with its code alone, as before', () => {
    expect(reasonsOf(() => customerDecider.decide(...decideArgs(invite({ standing: { ...clean, usesServices: true } }), { status: 'none', spans: [] })))).toEqual(['ACCOUNT_USING_SERVICES', undefined]);
  });

  it("tells nothing of the standing of another partner's customer or of a partner account", () => {
    const state = customerDecider.evolve({ status: 'none', spans: [] }, invited);
    const dirty = { billing: 'postpaid' as const, standing: { ...clean, onPoc: true } };
    expect(reasonsOf(() => customerDecider.decide(...decideArgs(invite(dirty), state)))).toEqual(['CUSTOMER_ALREADY_LINKED', undefined]);
    expect(reasonsOf(() => customerDecider.decide(...decideArgs(invite({ ...dirty, isPartner: true }), { status: 'none', spans: [] })))).toEqual(['ACCOUNT_IS_PARTNER', undefined]);
  });
});
