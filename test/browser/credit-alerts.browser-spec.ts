import type { Browser } from 'playwright-core';
import { aPartner } from '../support/builders';
import { describeInBrowser, partnerWithApprovedCustomer, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/** Intl puts no-break spaces in amounts ("2.000.000 ₫"): compared as plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/**
 * Issue 18 on the partner's start page: a Vietnamese partner sets its credit alert thresholds under
 * the pool, sees which the pool has reached after allocations, and gets the alert mail in
 * Vietnamese. The steps before (application, approvals, the deposit, the allocation) are sent to the
 * api as each role would; the screen under test is used as a person does.
 */
describeInBrowser('console: a partner sets credit alerts (issue 18)', () => {
  let browser: Browser;
  let service: ConsoleService;


  beforeAll(async () => {
    browser = await launchBrowser();
    service = await startConsoleService();
    await partnerWithApprovedCustomer(service, 'vi', aPartner('vn-ent-saoviet').body());
    await service.asService('POST', '/v1/partners/vn-ent-saoviet/credit-deposits', { amount: '10000000', currency: 'VND', reference: 'PAY-2026-12-0001' });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('sets 70 % and "less than 2.000.000 ₫ left", shows them reached after an allocation, and mails the alert in Vietnamese', async () => {
    const { page, context } = await newPerson(browser, 'vi-VN');
    await page.goto(`${service.url}/partner`);
    await signIn(page, service.url, 'partner', 'vn-ent-saoviet');
    const alerts = page.getByTestId('credit-alerts');
    await alerts.getByRole('heading', { name: 'Cảnh báo quỹ credit' }).waitFor();
    await alerts.getByText('Chưa đặt ngưỡng cảnh báo nào.').waitFor();

    await alerts.getByRole('button', { name: 'Thêm ngưỡng' }).click();
    await alerts.getByRole('button', { name: 'Thêm ngưỡng' }).click();
    const rows = alerts.getByTestId('credit-alert-row');
    await rows.nth(0).getByLabel('Giá trị').fill('0');
    await rows.nth(1).getByLabel('Cảnh báo khi').selectOption('availableBelow');
    await rows.nth(1).getByLabel('Giá trị').fill('2.000.000');
    await alerts.getByRole('button', { name: 'Lưu các ngưỡng' }).click();
    // Checked before it is sent: a percent of 0 is no threshold.
    await rows.nth(0).getByText('Hãy nhập số phần trăm nguyên từ 1 đến 100, hoặc số tiền lớn hơn 0.').waitFor();
    await rows.nth(0).getByLabel('Giá trị').fill('70');
    await alerts.getByRole('button', { name: 'Lưu các ngưỡng' }).click();
    await alerts.getByRole('status').getByText('Đã lưu các ngưỡng cảnh báo.').waitFor();
    const shown = alerts.getByTestId('credit-alert');
    await shown.nth(1).waitFor();
    expect(await shown.count()).toBe(2);
    expect(plain(await shown.nth(0).textContent())).toBe('Đã cấp 70% quỹ creditChưa chạm');
    expect(plain(await shown.nth(1).textContent())).toBe('Còn lại dưới 2.000.000 ₫Chưa chạm');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await service.as('partner', 'vn-ent-saoviet', 'POST', '/v1/partners/vn-ent-saoviet/customers/vn-cus-minhphat/credit-allocations', { amount: '8500000', currency: 'VND' });
    const alert = await service.mailTo('huy.tq@saoviet.vn', /đã chạm ngưỡng cảnh báo bạn đã đặt: đã phân bổ 70% quỹ tín dụng/);
    expect(plain(alert)).toContain('đã nạp 10.000.000 ₫, đã phân bổ cho khách hàng 8.500.000 ₫ (85%), còn lại 1.500.000 ₫');
    await page.reload();
    await alerts.getByRole('heading', { name: 'Cảnh báo quỹ credit' }).waitFor();
    await shown.nth(1).waitFor();
    expect(await shown.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-crossed')))).toEqual(['true', 'true']);
    expect(plain(await shown.nth(0).textContent())).toBe('Đã cấp 70% quỹ creditĐã chạm');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'partner-credit-alerts');
    await context.close();
  });
});
