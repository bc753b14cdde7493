/** Texts of the invited customer's screen (English, the reference). */
const customer = {
  title: 'Invitation to become a partner’s customer',
  intro: '{{partner}} invites your account to be its customer on {{provider}}. As its customer, the partner manages your credit and discounts.',
  facts: { partner: 'Partner', partnerId: 'Partner account', account: 'Your account', commonName: 'Name the partner gave you', state: 'State', invitedAt: 'Invited on', expiresAt: 'Answer by', confirmedAt: 'Confirmed on' },
  confirm: 'Confirm',
  decline: 'Decline',
  declineSure: 'Decline this invitation? The partner can invite you again later.',
  declineYes: 'Yes, decline',
  noToken: 'To answer, open the link in the invitation e-mail in this browser.',
  wrongAccount: 'This invitation is for the account {{account}}. You are signed in as {{you}}: sign out and sign in with that account.',
  outcome: {
    pending_approval: 'Thank you: you confirmed. {{provider}} now reviews the request; you will be the partner’s customer once it is approved.',
    approved: 'You are a customer of this partner.',
    declined: 'You declined this invitation.',
    cancelled: 'The partner cancelled this invitation.',
    expired: 'This invitation expired before it was answered. Ask the partner to invite you again.',
    rejected: '{{provider}} did not approve this relationship.',
    ended: 'This relationship has ended.',
  },
  none: 'There is no invitation for this account.',
} as const;

export default customer;
