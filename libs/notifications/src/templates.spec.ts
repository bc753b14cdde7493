import { formatMailTime, MAIL_KINDS, renderMail } from './templates';

describe(renderMail.name, () => {
  const due = '2026-12-08T15:59:59.999Z';

  it('shows times in the program\'s time zone with the zone named, in the partner\'s language', () => {
    const en = renderMail('partner_registration_received', 'en', { provider: 'Tencent Cloud', partnerName: 'Zhang', approvalDueAt: due }, { timeZone: 'Asia/Shanghai' });
    expect(en.text).toContain('by 2026-12-08 23:59 (GMT+8, Asia/Shanghai)');
    expect(en.text).not.toContain('UTC');
    const zh = renderMail('partner_registration_received', 'zh', { provider: '腾讯云', partnerName: '张伟', approvalDueAt: due }, { timeZone: 'Asia/Shanghai' });
    expect(zh.text).toContain('2026年12月8日 23:59（GMT+8，Asia/Shanghai）');
    const vi = renderMail('customer_invitation', 'vi', { provider: 'VNG Cloud', partnerName: 'Sao Việt', expiresAt: '2026-11-30T03:00:00.000Z' }, { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(vi.text).toContain('10:00 ngày 30/11/2026 (GMT+7, Asia/Ho_Chi_Minh)');
  });

  it('names an offset that is not whole hours', () => {
    expect(formatMailTime('2026-12-08T15:59:59.999Z', 'en', 'Asia/Kolkata')).toBe('2026-12-08 21:29 (GMT+5:30, Asia/Kolkata)');
  });

  it('tells a partner that passed its assessment, with the reviewer\'s notes, in en, vi and zh', () => {
    const values = { provider: 'P', partnerName: 'N', notes: 'well done' };
    expect(renderMail('partner_assessment_passed', 'en', values, { timeZone: 'UTC' })).toEqual({ subject: 'You passed the P partner assessment', text: expect.stringContaining('well done') });
    expect(renderMail('partner_assessment_passed', 'vi', values, { timeZone: 'UTC' }).subject).toBe('Bạn đã đạt kỳ đánh giá đối tác P');
    expect(renderMail('partner_assessment_passed', 'zh', values, { timeZone: 'UTC' }).subject).toBe('您已通过P合作伙伴考核');
  });

  it('tells a partner that failed what follows: suspension or termination', () => {
    const suspended = renderMail('partner_assessment_failed', 'en', { provider: 'P', partnerName: 'N', notes: 'too few customers', outcome: 'suspended' }, { timeZone: 'UTC' });
    expect(suspended.text).toMatch(/did not pass[\s\S]*suspended[\s\S]*too few customers/);
    expect(renderMail('partner_assessment_failed', 'zh', { provider: 'P', partnerName: 'N', notes: 'x', outcome: 'terminated' }, { timeZone: 'UTC' }).text).toContain('已被终止');
    expect(renderMail('partner_assessment_failed', 'vi', { provider: 'P', partnerName: 'N', notes: 'x', outcome: 'terminated' }, { timeZone: 'UTC' }).text).toContain('chấm dứt');
  });

  it("tells a subscription's owner, in Vietnamese, that webhook deliveries stopped and how to get them again", () => {
    const mail = renderMail('webhook_subscription_failing', 'vi', { provider: 'VNG Cloud', webhookUrl: 'https://hooks.example.com/pp', subscriptionId: 'wh-1', failingSince: due, lastError: 'HTTP 503' }, { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(mail.subject).toBe('VNG Cloud: đã dừng gửi webhook đến https://hooks.example.com/pp');
    expect(mail.text).toMatch(/wh-1[\s\S]*HTTP 503[\s\S]*\/v1\/webhooks\/wh-1\/redelivery/);
  });

  it('renders every mail in every language without a hole', () => {
    const values = { provider: 'P', partnerName: 'N', reason: 'R', notes: 'T', outcome: 'suspended' as const, approvalDueAt: due, assessmentEndsAt: due, customerName: 'C', customerEmail: 'c@x', confirmationLink: 'https://x', token: 'tok', expiresAt: due, webhookUrl: 'https://hooks.example.com/', subscriptionId: 'S', failingSince: due, lastError: 'HTTP 503' };
    for (const kind of MAIL_KINDS) {
      for (const language of ['en', 'vi', 'zh']) {
        const mail = renderMail(kind, language, values, { timeZone: 'Asia/Ho_Chi_Minh' });
        expect([kind, language, /undefined|null|UTC/.test(mail.subject + mail.text)]).toEqual([kind, language, false]);
      }
    }
  });
});
