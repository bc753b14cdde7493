import { readdirSync, readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { Database, DATABASE, sql } from '@pp/database';
import { ProjectionRunner } from '@pp/read-store';
import { eventually } from './support/wait';
import { approvedCustomer, newAccount, startTestApp, TestApp } from './support/test-app';

const application = (legalName: string, overrides: Record<string, unknown> = {}) => ({
  language: 'zh',
  termsVersion: '2024-01',
  acceptTerms: true,
  partnerType: 'agent',
  company: { legalName, businessLicenseNo: `91440300MA${randomInt(10 ** 7, 10 ** 8 - 1)}`, registeredCapital: '10000000', staff: 86, technicalStaff: 24, customerOperations: true, afterSalesService: true },
  contact: { name: '张伟', email: 'bd@yunfan-tech.cn', phone: '+86 755 8600 0000' },
  bank: { bankName: '中国工商银行', branch: '深圳南山支行', accountName: legalName, accountNumber: '4000020000000001' },
  ...overrides,
});

describe('Tencent Cloud program over HTTP (PROGRAM=tencentcloud)', () => {
  let t: TestApp;
  let service: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { program: 'tencentcloud' } });
    service = await t.token('service', 'identity-svc');
    reviewer = await t.token('reviewer', 'staff-zhou');
  });
  afterAll(async () => t.close());

  /** A verified enterprise that applied, as of the clock's time. */
  async function applicant(legalName: string) {
    const account = newAccount();
    await t.request('POST', '/v1/accounts', { token: service, body: account });
    await t.request('POST', `/v1/accounts/${account.accountId}/identity-verification`, { token: service, body: { legalName, method: 'business_license' } });
    const token = await t.token('partner', account.email, account.accountId);
    const contact = `contact-${account.accountId}@yunfan-tech.cn`;
    const r = await t.request('POST', '/v1/partners', { token, body: application(legalName, { contact: { name: '张伟', email: contact, phone: '+86 755 8600 0000' } }) });
    expect(r.status).toBe(201);
    return { account, token, contact, partnerId: account.accountId, position: r.body.position as string };
  }

  it('is due three business days later across National Day, and overdue only after that', async () => {
    t.clock.set('2027-09-30T02:00:00.000Z'); // Thursday 10:00 Beijing, the eve of National Day
    const p = await applicant('深圳市国庆科技有限公司');
    t.clock.set('2027-10-06T15:00:00.000Z');
    const before = await t.request('GET', `/v1/approvals?kind=partner&limit=200&minPosition=${p.position}`, { token: reviewer });
    expect(before.body.items.find((i: { subject: string }) => i.subject === p.partnerId)).toMatchObject({ dueAt: '2027-10-06T15:59:59.999Z', overdue: false });
    t.clock.set('2027-10-06T16:00:00.000Z');
    const overdue = await t.request('GET', '/v1/approvals?kind=partner&overdue=true&limit=200', { token: reviewer });
    expect(overdue.body.items.map((i: { subject: string }) => i.subject)).toContain(p.partnerId);
  });

  it('runs the lifecycle: assessment, profile history with masked bank numbers, courses, suspension and its effects', async () => {
    t.clock.set('2026-11-30T04:00:00.000Z');
    const p = await applicant('深圳市云帆科技有限公司');
    const approved = await t.request('POST', `/v1/partners/${p.partnerId}/approval`, { token: reviewer, body: {} });
    expect(approved.body).toMatchObject({ state: 'in_assessment', approvedAt: '2026-11-30T04:00:00.000Z', assessmentEndsAt: '2027-02-28T04:00:00.000Z' });

    // Operates while in assessment.
    const customer = await approvedCustomer(t, { partnerId: p.partnerId, token: p.token });

    const rename = await t.request('PATCH', `/v1/partners/${p.partnerId}/profile`, { token: p.token, body: { company: { legalName: '深圳云帆集团' } } });
    expect([rename.status, rename.body.code]).toEqual([422, 'COMPANY_NAME_MISMATCH']);
    const bank = { bankName: '招商银行', branch: '深圳科技园支行', accountName: '深圳市云帆科技有限公司', accountNumber: '7559000000000002' };
    const changed = await t.request('PATCH', `/v1/partners/${p.partnerId}/profile`, { token: p.token, body: { bank } });
    expect(changed.status).toBe(200);
    const asReviewer = await t.request('GET', `/v1/partners/${p.partnerId}?minPosition=${changed.body.position}`, { token: reviewer });
    expect(asReviewer.body.profileHistory).toEqual([
      { changedAt: '2026-11-30T04:00:00.000Z', changedBy: p.account.email, changes: { bank: { before: expect.objectContaining({ accountNumber: '************0001' }), after: expect.objectContaining({ accountNumber: '************0002' }) } } },
    ]);
    expect(asReviewer.body.bank.accountNumber).toBe('************0002');
    const asAuditor = await t.request('GET', `/v1/partners/${p.partnerId}`, { token: await t.token('auditor', 'kpmg') });
    expect(asAuditor.body.profileHistory[0].changes.bank.before.accountNumber).toBe('4000020000000001');
    expect((await t.request('GET', `/v1/partners/${p.partnerId}`, { token: p.token })).body.bank.accountNumber).toBe('7559000000000002');

    const course = await t.request('POST', `/v1/partners/${p.partnerId}/courses/partner-required-101/completion`, { token: await t.token('service', 'academy-svc') });
    expect(course.status).toBe(200);
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/courses/cooking-101/completion`, { token: await t.token('service', 'academy-svc') })).body.code).toBe('UNKNOWN_COURSE');
    const dash = await t.request('GET', `/v1/partners/${p.partnerId}/dashboard?minPosition=${course.body.position}`, { token: p.token });
    expect(dash.body).toMatchObject({ status: 'in_assessment', assessmentEndsAt: '2027-02-28T04:00:00.000Z', courses: { required: 1, completed: 1 } });

    // CNY has two decimals.
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/credit-deposits`, { token: service, body: { amount: '12.555', currency: 'CNY', reference: 'PAY-CN-0' } })).body.code).toBe('INVALID_AMOUNT');
    const deposit = await t.request('POST', `/v1/partners/${p.partnerId}/credit-deposits`, { token: service, body: { amount: '1000.50', currency: 'CNY', reference: 'PAY-CN-1' } });
    expect(deposit.status).toBe(200);

    const suspended = await t.request('POST', `/v1/partners/${p.partnerId}/suspension`, { token: reviewer, body: { reason: '未按时付款' } });
    expect(suspended.body.state).toBe('suspended');
    const other = newAccount();
    await t.request('POST', '/v1/accounts', { token: service, body: other });
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/customers`, { token: p.token, body: { customers: [{ email: other.email, commonName: 'X' }] } })).body.code).toBe('PARTNER_NOT_ACTIVE');
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/customers/${customer.accountId}/credit-allocations`, { token: p.token, body: { amount: '1.00', currency: 'CNY' } })).body.code).toBe('PARTNER_NOT_ACTIVE');
    expect((await t.request('PUT', `/v1/partners/${p.partnerId}/customers/${customer.accountId}/discount`, { token: p.token, body: { percent: '5', effectiveMonth: '2027-01' } })).body.code).toBe('PARTNER_NOT_ACTIVE');
    const kept = await t.request('GET', `/v1/partners/${p.partnerId}/customers?minPosition=${suspended.body.position}`, { token: p.token });
    expect(kept.body.items.map((i: { accountId: string; status: string }) => [i.accountId, i.status])).toEqual([[customer.accountId, 'approved']]);

    const reinstated = await t.request('POST', `/v1/partners/${p.partnerId}/reinstatement`, { token: reviewer, body: { reason: '已付款' } });
    expect(reinstated.body.state).toBe('in_assessment');
    const allocated = await t.request('POST', `/v1/partners/${p.partnerId}/customers/${customer.accountId}/credit-allocations`, { token: p.token, body: { amount: '0.50', currency: 'CNY' } });
    expect(allocated.body).toMatchObject({ customerBalance: '0.50', available: '1000.00' });

    expect((await t.request('POST', `/v1/partners/${p.partnerId}/assessment`, { token: reviewer, body: { result: 'passed', notes: '达标' } })).body.code).toBe('ASSESSMENT_NOT_ENDED');
    t.clock.set('2027-02-28T04:00:00.000Z');
    const passed = await t.request('POST', `/v1/partners/${p.partnerId}/assessment`, { token: reviewer, body: { result: 'passed', notes: '达标' } });
    expect(passed.body.state).toBe('approved');
    const terminated = await t.request('POST', `/v1/partners/${p.partnerId}/termination`, { token: reviewer, body: { reason: '违反合作协议' } });
    expect(terminated.body.state).toBe('terminated');
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/reinstatement`, { token: reviewer, body: { reason: 'x' } })).body.code).toBe('INVALID_PARTNER_STATE');

    // The suspension, reinstatement, assessment result and termination mails, in Chinese, to the contact.
    // Every mail the log asks for is in the outbox once its projection passed the termination, and
    // written once the outbox holds nothing pending: then an eighth would show.
    await t.app.get(ProjectionRunner).waitFor(['mail-outbox'], BigInt(terminated.body.position));
    const db = t.app.get<Database>(DATABASE).db;
    await eventually(
      async () => (await sql<{ status: string; n: number }>`select status, count(*)::int as n from mail_outbox group by status`.execute(db)).rows,
      (rows) => rows.every((r) => r.status !== 'pending' && r.status !== 'sending'),
      10_000,
      'the mail outbox to be sent',
    );
    const subjects = readdirSync(join(t.dataDir, 'mail'))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(join(t.dataDir, 'mail', f), 'utf8'))
      .filter((m) => m.includes(`To: ${p.contact}\n`))
      .map((m) => /^Subject: (.+(?:\n .+)*)$/m.exec(m)?.[1] ?? '');
    expect(subjects).toHaveLength(7); // received, approved, customer approved, suspended, reinstated, assessment passed (issue 12), terminated
  });

  it('lets only reviewers decide and only the service record courses', async () => {
    const p = await applicant('杭州测试数据有限公司');
    for (const [path, body] of [
      ['approval', {}],
      ['suspension', { reason: 'x' }],
      ['termination', { reason: 'x' }],
      ['assessment', { result: 'passed', notes: 'x' }],
    ] as const) {
      expect((await t.request('POST', `/v1/partners/${p.partnerId}/${path}`, { token: p.token, body })).status).toBe(403);
    }
    expect((await t.request('POST', `/v1/partners/${p.partnerId}/courses/partner-required-101/completion`, { token: reviewer })).status).toBe(403);
    expect((await t.request('PATCH', `/v1/partners/${p.partnerId}/profile`, { token: await t.token('partner', 'x', 'someone-else'), body: { contact: { name: 'A', email: 'a@b.cn', phone: '+86 10 1234 5678' } } })).status).toBe(403);
  });
});
