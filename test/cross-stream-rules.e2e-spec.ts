import { postgresTestUrl } from '@pp/database/testing/postgres-test';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { approvedCustomer, approvedPartner, invitationTokenFor, newAccount, partnerApplication, registeredAccount, startTestApp, TestApp } from './support/test-app';
import { eventually, until } from './support/wait';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Rules across streams over HTTP (postgres store)": DATABASE_URL is not set, no PostgreSQL to test against\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Rules whose facts live in more than one stream (issue 12): a decision on one stream that read
 * another must not commit once that other stream has moved (write skew), under real concurrency
 * on both SQL stores.
 */
describe.each([
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
] as const)('Rules across streams over HTTP (%s store)', (storeKind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  let t: TestApp;
  let store: EventStore;
  let reviewer: string;

  beforeAll(async () => {
    t = await startTestApp({ store: storeKind, databaseUrl });
    store = t.app.get(EVENT_STORE);
    reviewer = await t.token('reviewer', 'staff');
  });
  afterAll(async () => t.close());

  const apply = async (account: { accountId: string; email: string }, licence: string) =>
    t.request('POST', '/v1/partners', { token: await t.token('partner', account.email, account.accountId), body: partnerApplication({ company: { ...partnerApplication().company, businessLicenseNo: licence } }) });

  it('never lets an account be both a partner applicant and a partner\'s invited customer, however close the two requests come', async () => {
    const partner = await approvedPartner(t);
    for (let round = 0; round < 30; round++) {
      const x = await registeredAccount(t);
      const invite = t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: x.email, commonName: 'X' }] } });
      await sleep(round % 6);
      const register = t.request('POST', '/v1/partners', { token: await t.token('partner', x.email, x.accountId), body: partnerApplication() });
      const [invited, registered] = await Promise.all([invite, register]);
      const inviteWon = invited.body.rows[0].result === 'invited';
      const registerWon = registered.status === 201;
      expect([inviteWon, registerWon]).not.toEqual([true, true]);
      // One of them goes through: the loser is refused for the winner's reason, not for a conflict.
      expect(inviteWon || registerWon).toBe(true);
      if (!registerWon) expect(registered.body.code).toBe('ACCOUNT_IS_PARTNER_CUSTOMER');
      if (!inviteWon) expect(invited.body.rows[0].code).toBe('ACCOUNT_IS_PARTNER');
      const partnerEvents = await store.readStream(`partner-${x.accountId}`);
      const customerEvents = await store.readStream(`customer-${x.accountId}`);
      expect(partnerEvents.length > 0 && customerEvents.length > 0).toBe(false);
    }
  });

  it('registers an account in one append of its reservation and itself; of 8 registrations of one address at once, one wins (issue 16)', async () => {
    const service = await t.token('service', 'identity-svc');
    const calls: string[][] = [];
    const appendToStreams = store.appendToStreams.bind(store);
    const appendToStream = store.appendToStream.bind(store);
    store.appendToStreams = async (appends) => {
      calls.push(appends.filter((a) => a.events.length > 0).map((a) => a.streamId));
      return appendToStreams(appends);
    };
    store.appendToStream = async (streamId, events, options) => {
      calls.push([streamId]);
      return appendToStream(streamId, events, options);
    };
    try {
      const one = newAccount();
      expect((await t.request('POST', '/v1/accounts', { token: service, body: one })).status).toBe(201);
      expect(calls).toEqual([[`account-email-${one.email.toLowerCase()}`, `account-${one.accountId}`]]);
      const email = `race-${Date.now()}@example.vn`;
      const bodies = Array.from({ length: 8 }, () => ({ ...newAccount(), email }));
      const answers = await Promise.all(bodies.map((body) => t.request('POST', '/v1/accounts', { token: service, body })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const a of answers) if (a.status === 409) expect(a.body.code).toBe('EMAIL_ALREADY_REGISTERED');
      const winner = bodies[answers.findIndex((a) => a.status === 201)];
      const reservation = await store.readStream(`account-email-${email}`);
      expect(reservation.map((e) => e.data.accountId)).toEqual([winner.accountId]);
      // No account of a loser was written, and no reservation outlives its account (nothing to clean up).
      for (const body of bodies) expect((await store.readStream(`account-${body.accountId}`)).length).toBe(body === winner ? 1 : 0);
    } finally {
      store.appendToStreams = appendToStreams;
      store.appendToStream = appendToStream;
    }
  });

  it('refuses a second application with a business licence number already registered, however it is spaced', async () => {
    const licence = `0${Date.now()}`.slice(0, 10);
    const first = await registeredAccount(t);
    expect((await apply(first, licence)).status).toBe(201);
    const second = await registeredAccount(t);
    const refused = await apply(second, ` ${licence.slice(0, 4)} ${licence.slice(4, 7)}-${licence.slice(7)} `);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('BUSINESS_LICENCE_ALREADY_REGISTERED');
    expect(await store.readStream(`partner-${second.accountId}`)).toEqual([]);
    // The first applicant applying again after a rejection keeps its own number.
    expect((await t.request('POST', `/v1/partners/${first.accountId}/rejection`, { token: reviewer, body: { reason: 'Giấy phép chưa rõ' } })).status).toBe(200);
    // Rejected: the number is free for another company.
    expect((await apply(second, licence)).status).toBe(201);
    const again = await apply(first, licence);
    expect(again.body.code).toBe('BUSINESS_LICENCE_ALREADY_REGISTERED');
  });

  it('lets a number go when its holder is terminated or applies again with another number, and never blocks companies without one', async () => {
    const licence = `1${Date.now()}`.slice(0, 10);
    const holder = await approvedPartner(t);
    // approvedPartner applied with a number of its own: apply a fresh one under this licence instead.
    const a = await registeredAccount(t);
    expect((await apply(a, licence)).status).toBe(201);
    await t.request('POST', `/v1/partners/${a.accountId}/approval`, { token: reviewer, body: {} });
    expect((await t.request('POST', `/v1/partners/${a.accountId}/termination`, { token: reviewer, body: { reason: 'Vi phạm hợp đồng' } })).status).toBe(200);
    const b = await registeredAccount(t);
    expect((await apply(b, licence)).status).toBe(201);
    await t.request('POST', `/v1/partners/${b.accountId}/rejection`, { token: reviewer, body: { reason: 'Thiếu hồ sơ' } });
    expect((await apply(b, `${licence}9`)).status).toBe(201);
    const c = await registeredAccount(t);
    expect((await apply(c, licence)).status).toBe(201);
    for (const none of [await registeredAccount(t), await registeredAccount(t)]) expect((await apply(none, '-')).status).toBe(201);
    expect(holder.partnerId).toBeDefined();
  });

  it('accepts exactly one of several applications sent at once with one licence number', async () => {
    for (let round = 0; round < 5; round++) {
      const licence = `2${round}${Date.now()}`.slice(0, 10);
      const accounts = await Promise.all([1, 2, 3].map(() => registeredAccount(t)));
      const answers = await Promise.all(accounts.map((a) => apply(a, licence)));
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      const claims = await store.readStream(`business-licence-${licence}`);
      expect(claims).toHaveLength(1);
      expect(claims[0].data.partnerId).toBe(accounts[answers.findIndex((r) => r.status === 201)].accountId);
    }
  });

  it.each(['termination', 'suspension'] as const)('withdraws the open invitations of a partner on its %s, tells the invitees, and frees the accounts for another partner', async (decision) => {
    const partner = await approvedPartner(t);
    const invitees = await Promise.all([1, 2].map(() => registeredAccount(t)));
    const add = (p: { partnerId: string; token: string }, email: string) => t.request('POST', `/v1/partners/${p.partnerId}/customers`, { token: p.token, body: { customers: [{ email, commonName: 'Khách' }] } });
    // The second typed in capitals: its mails still go to the address on record.
    for (const [i, a] of invitees.entries()) expect((await add(partner, i === 1 ? a.email.toUpperCase() : a.email)).body.rows[0].result).toBe('invited');
    // The invitations were mailed (an invitee never mailed one is not told it was withdrawn).
    for (const a of invitees) await invitationTokenFor(t, a.email);
    const other = await approvedPartner(t);
    expect((await add(other, invitees[0].email)).body.rows[0].code).toBe('CUSTOMER_ALREADY_LINKED');
    expect((await t.request('POST', `/v1/partners/${partner.partnerId}/${decision}`, { token: reviewer, body: { reason: 'Vi phạm chính sách' } })).status).toBe(200);
    await eventually(
      async () => Promise.all(invitees.map(async (a) => (await store.readStream(`customer-${a.accountId}`)).map((e) => e.type))),
      (streams) => streams.every((types) => types.at(-1) === 'CustomerInvitationCancelled'),
      15_000,
      'every invitation to be withdrawn (the event types of each customer stream)',
    );
    const [withdrawn] = (await store.readStream(`customer-${invitees[0].accountId}`)).slice(-1);
    expect(withdrawn.data.reason).toBe(`partner ${decision === 'termination' ? 'terminated' : 'suspended'}: Vi phạm chính sách`);
    expect(withdrawn.metadata.actor).toEqual({ role: 'system', id: 'invitation-withdrawal' });
    expect((await add(other, invitees[0].email)).body.rows[0].result).toBe('invited');
    // Each invitee is told, once, in the inviting partner's language (vi).
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const a of invitees) {
      const told = async () => {
        try {
          return readdirSync(join(t.dataDir, 'mail')).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(t.dataDir, 'mail', f), 'utf8')).filter((m) => m.includes(`To: ${a.email}`) && /thu h=E1=BB=93i|thu hồi/.test(m));
        } catch {
          return [];
        }
      };
      await until(async () => (await told()).length > 0, 15_000, `a withdrawal mail to ${a.email}`);
      expect(await told()).toHaveLength(1);
    }
  });

  it('never leaves an invitation of a partner terminated at the same instant open', async () => {
    for (let round = 0; round < 8; round++) {
      const partner = await approvedPartner(t);
      const x = await registeredAccount(t);
      const [invited] = await Promise.all([
        t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: x.email, commonName: 'X' }] } }),
        sleep(round % 4).then(() => t.request('POST', `/v1/partners/${partner.partnerId}/termination`, { token: reviewer, body: { reason: 'Chấm dứt' } })),
      ]);
      // Refused whole (the termination came first) or per row (it came between the batch's check and the row).
      const refused = invited.status === 422 ? invited.body.code : invited.body.rows[0].result === 'invited' ? null : invited.body.rows[0].code;
      if (refused !== null) {
        expect(refused).toBe('PARTNER_NOT_ACTIVE');
        continue;
      }
      await eventually(
        async () => (await store.readStream(`customer-${x.accountId}`)).at(-1)?.type,
        (type) => type === 'CustomerInvitationCancelled',
        15_000,
        `round ${round}: the invitation of the terminated partner to be withdrawn (its stream's last event type)`,
      );
    }
  });

  it('lets every one of many concurrent allocations through when the pool covers them all', async () => {
    const partner = await approvedPartner(t);
    const customer = await approvedCustomer(t, partner);
    const service = await t.token('service', 'billing-svc');
    expect((await t.request('POST', `/v1/partners/${partner.partnerId}/credit-deposits`, { token: service, body: { amount: '5000000', currency: 'VND', reference: `DEP-${partner.partnerId}` } })).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.request('POST', `/v1/partners/${partner.partnerId}/customers/${customer.accountId}/credit-allocations`, { token: partner.token, body: { amount: '100000', currency: 'VND' } })),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.code)).toEqual([]);
  });
});
