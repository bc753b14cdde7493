import { randomInt } from 'node:crypto';
import { Database, DATABASE, sql } from '@pp/database';
import { MAIL_TRANSPORT, MailSender, MailTransport, mailOutboxProjection, OutgoingMail } from '@pp/notifications';
import { ProjectionRunner } from '@pp/read-store';
import { newAccount, startTestApp, TestApp } from './support/test-app';

/**
 * The assessment result mail (issue 12, item 22) and times shown in the program's time zone (item
 * 21), through the outbox projection and the sender, on the Tencent Cloud program (Asia/Shanghai).
 */
describe('Assessment result mail, times in the program time zone (PROGRAM=tencentcloud)', () => {
  let t: TestApp;
  let sender: MailSender;
  const sent: OutgoingMail[] = [];
  const reviewer = () => t.token('reviewer', 'staff-zhou');

  beforeAll(async () => {
    // The reactors' own timer is slowed right down: the test drives the sender with tick().
    t = await startTestApp({ config: { program: 'tencentcloud', reactorIntervalMs: 3_600_000, reactorWakeUps: false } });
    sender = t.app.get(MailSender);
    const transport = t.app.get<MailTransport>(MAIL_TRANSPORT);
    const send = transport.send.bind(transport);
    jest.spyOn(transport, 'send').mockImplementation(async (mail) => {
      sent.push(mail);
      await send(mail);
    });
  });
  afterAll(async () => t.close());

  /** A verified enterprise that applied and was approved into its assessment at 2026-11-30 12:00 Beijing. */
  async function partnerInAssessment(language: 'zh' | 'en', legalName: string) {
    t.clock.set('2026-11-30T04:00:00.000Z');
    const service = await t.token('service', 'identity-svc');
    const account = newAccount();
    await t.request('POST', '/v1/accounts', { token: service, body: account });
    await t.request('POST', `/v1/accounts/${account.accountId}/identity-verification`, { token: service, body: { legalName, method: 'business_license' } });
    const contact = `contact-${account.accountId}@yunfan-tech.cn`;
    const applied = await t.request('POST', '/v1/partners', {
      token: await t.token('partner', account.email, account.accountId),
      body: {
        language,
        termsVersion: '2024-01',
        acceptTerms: true,
        partnerType: 'service',
        company: { legalName, businessLicenseNo: `91440300MA${randomInt(10 ** 7, 10 ** 8 - 1)}`, registeredCapital: '10000000', staff: 86, technicalStaff: 24, customerOperations: true, afterSalesService: true },
        contact: { name: '张伟', email: contact, phone: '+86 755 8600 0000' },
        bank: { bankName: '中国工商银行', branch: '深圳南山支行', accountName: legalName, accountNumber: '4000020000000001' },
      },
    });
    expect(applied.status).toBe(201);
    const approved = await t.request('POST', `/v1/partners/${account.accountId}/approval`, { token: await reviewer(), body: {} });
    expect(approved.body.state).toBe('in_assessment');
    return { partnerId: account.accountId, contact };
  }

  async function deliver(position: string) {
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(position));
    while ((await sender.tick()) > 0);
  }
  const to = (contact: string) => sent.filter((m) => m.to === contact);
  /** The mails in the order of `subjects`, after checking that they are exactly those, one each. */
  const bySubject = (mails: OutgoingMail[], subjects: string[]) => {
    expect(mails.map((m) => m.subject).sort()).toEqual([...subjects].sort());
    return subjects.map((s) => mails.find((m) => m.subject === s)!);
  };
  const outboxKinds = async (eventIds: string[]) =>
    (await sql<{ kind: string }>`select kind from mail_outbox where event_id = any(${eventIds}::uuid[]) order by kind`.execute(t.app.get<Database>(DATABASE).db)).rows.map((r) => r.kind);
  const lastEventId = async (partnerId: string) => {
    const history = await t.request('GET', `/v1/audit/streams/partner-${partnerId}/events?direction=backwards&limit=1`, { token: await t.token('auditor', 'audit') });
    return history.body.items[0].eventId as string;
  };

  it('tells the partner it passed, once, in its language; the earlier mails show Beijing time, the zone named', async () => {
    const p = await partnerInAssessment('zh', '深圳市考核科技有限公司');
    t.clock.set('2027-02-28T04:00:00.000Z');
    const passed = await t.request('POST', `/v1/partners/${p.partnerId}/assessment`, { token: await reviewer(), body: { result: 'passed', notes: '达标，客户运营良好' } });
    expect(passed.body.state).toBe('approved');
    await deliver(passed.body.position);
    await deliver(passed.body.position);

    // Registration and approval carry the same time: the sender may take them in either order.
    const mails = bySubject(to(p.contact), ['腾讯云 Tencent Cloud 合作伙伴申请已收到', '欢迎加入腾讯云 Tencent Cloud合作伙伴计划', '您已通过腾讯云 Tencent Cloud合作伙伴考核']);
    // Applied Monday 30 November 12:00 Beijing: due at the end of Thursday 3 December, Beijing time.
    expect(mails[0].text).toContain('2026年12月3日 23:59（GMT+8，Asia/Shanghai）');
    expect(mails[1].text).toContain('考核期至 2027年2月28日 12:00（GMT+8，Asia/Shanghai）');
    expect(mails[2].text).toContain('达标，客户运营良好');
    expect(mails.map((m) => m.text).join('\n')).not.toContain('UTC');
    expect(await outboxKinds([await lastEventId(p.partnerId)])).toEqual(['partner_assessment_passed']);
  });

  it('tells a partner that failed what follows, in one mail for the one event', async () => {
    const p = await partnerInAssessment('en', 'Shenzhen Kaohe Fail Co');
    t.clock.set('2027-02-28T04:00:00.000Z');
    const failed = await t.request('POST', `/v1/partners/${p.partnerId}/assessment`, { token: await reviewer(), body: { result: 'failed', outcome: 'terminated', notes: 'no customer operations' } });
    expect(failed.body.state).toBe('terminated');
    await deliver(failed.body.position);

    const mails = bySubject(to(p.contact), ['腾讯云 Tencent Cloud partner registration received', 'Welcome to the 腾讯云 Tencent Cloud partner program', 'Your 腾讯云 Tencent Cloud partner assessment']);
    expect(mails[0].text).toContain('by 2026-12-03 23:59 (GMT+8, Asia/Shanghai)');
    expect(mails[2].text).toMatch(/did not pass it\. Your partnership has been terminated\.\nReviewer's notes: no customer operations/);
    expect(await outboxKinds([await lastEventId(p.partnerId)])).toEqual(['partner_assessment_failed']);
  });
});
