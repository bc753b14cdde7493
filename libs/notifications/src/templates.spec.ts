import { formatMailMoney, formatMailTime, MAIL_KINDS, renderMail } from './templates';

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
    const mail = renderMail('webhook_subscription_failing', 'vi', { provider: 'VNG Cloud', webhookUrl: 'https://hooks.example.com/pp', subscriptionId: 'wh-1', failingSince: due, lastError: 'HTTP 503', stuckAt: '48234496' }, { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(mail.subject).toBe('VNG Cloud: đã dừng gửi webhook đến https://hooks.example.com/pp');
    expect(mail.text).toMatch(/wh-1[\s\S]*HTTP 503[\s\S]*\/v1\/webhooks\/wh-1\/redelivery với fromPosition 48234496/);
  });

  it('renders every mail in every language without a hole', () => {
    const pool = { usedPercent: '72.5', deposited: '100000000', allocated: '72500000', available: '27500000', currency: 'VND', crossedAt: due };
    const values = { provider: 'P', partnerName: 'N', reason: 'R', notes: 'T', outcome: 'suspended' as const, approvalDueAt: due, assessmentEndsAt: due, customerName: 'C', customerEmail: 'c@x', confirmationLink: 'https://x', token: 'tok', expiresAt: due, webhookUrl: 'https://hooks.example.com/', subscriptionId: 'S', failingSince: due, lastError: 'HTTP 503', stuckAt: '48234496', ...pool };
    for (const threshold of [{ thresholdUsedPercent: '70' }, { thresholdAvailableBelow: '5000000' }]) {
      for (const kind of MAIL_KINDS) {
        for (const language of ['en', 'vi', 'zh']) {
          const mail = renderMail(kind, language, { ...values, ...threshold }, { timeZone: 'Asia/Ho_Chi_Minh' });
          expect([kind, language, /undefined|null|NaN|UTC/.test(mail.subject + mail.text)]).toEqual([kind, language, false]);
        }
      }
    }
  });

  it('tells a Vietnamese partner in Vietnamese which credit threshold its pool crossed, with the pool in dong as the console shows it (issue 18)', () => {
    const pool = { provider: 'VNG Cloud', partnerName: 'Chị Lan', usedPercent: '85.5', deposited: '100000000', allocated: '85500000', available: '14500000', currency: 'VND', crossedAt: '2026-11-30T03:00:00.000Z' };
    const used = renderMail('partner_credit_threshold_crossed', 'vi', { ...pool, thresholdUsedPercent: '85' }, { timeZone: 'Asia/Ho_Chi_Minh' });
    const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');
    expect(nbsp(used.subject)).toBe('VNG Cloud: cảnh báo tín dụng, đã phân bổ 85% quỹ tín dụng');
    expect(nbsp(used.text)).toContain('Xin chào Chị Lan,');
    expect(nbsp(used.text)).toContain('Tính đến 10:00 ngày 30/11/2026 (GMT+7, Asia/Ho_Chi_Minh): đã nạp 100.000.000 ₫, đã phân bổ cho khách hàng 85.500.000 ₫ (85,5%), còn lại 14.500.000 ₫.');
    const left = renderMail('partner_credit_threshold_crossed', 'vi', { ...pool, thresholdAvailableBelow: '15000000' }, { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(nbsp(left.subject)).toBe('VNG Cloud: cảnh báo tín dụng, quỹ tín dụng còn dưới 15.000.000 ₫');
    expect(renderMail('partner_credit_threshold_crossed', 'en', { ...pool, thresholdUsedPercent: '85' }, { timeZone: 'UTC' }).subject).toBe('VNG Cloud credit alert: 85 % of your credit pool allocated');
    expect(nbsp(renderMail('partner_credit_threshold_crossed', 'zh', { ...pool, provider: '腾讯云', thresholdAvailableBelow: '150000.00', currency: 'CNY' }, { timeZone: 'UTC' }).subject)).toBe('腾讯云额度提醒：额度池可用余额低于 ¥150,000.00');
  });

  it('formats amounts exactly, beyond what a float holds', () => {
    expect(formatMailMoney('123456789012345678901', 'VND', 'en')).toBe('₫123,456,789,012,345,678,901');
    expect(formatMailMoney('12.50', 'CNY', 'zh')).toBe('¥12.50');
  });
});
