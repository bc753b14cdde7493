import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/** Fills the application form by its visible labels (`labels` in the screen's language). */
async function fillApplication(page: Page, labels: Record<string, RegExp>, values: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(values)) await page.getByLabel(labels[field]).fill(value);
}

describeInBrowser('console: the partner applies (seeds 000, 004)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('vngcloud, in Vietnamese', () => {
    let service: ConsoleService;
    beforeAll(async () => {
      service = await startConsoleService();
      await service.asService('POST', '/v1/accounts', { accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' });
    });
    afterAll(async () => service?.stop());

    it('a partner fills the form, ticks the terms, and sees "Chờ duyệt" with the due date', async () => {
      const { page, context } = await newPerson(browser, 'vi-VN');
      await page.goto(`${service.url}/partner`);
      await signIn(page, service.url, 'partner', 'vn-ent-saoviet');
      await page.getByRole('heading', { name: 'Become a VNG Cloud Partner' }).waitFor();
      await page.getByRole('link', { name: 'Become a VNG Cloud Partner' }).click();
      await page.getByRole('group', { name: /Điều khoản và điều kiện/ }).waitFor();
      await page.getByLabel('Loại đối tác').selectOption('reseller');
      await fillApplication(
        page,
        {
          legalName: /^Tên pháp lý của công ty/, licence: /^Số giấy phép kinh doanh/, capital: /^Vốn điều lệ/, staff: /^Số nhân viên \*?$/, technical: /^Số nhân viên kỹ thuật/,
          contact: /^Người liên hệ/, email: /^Email/, phone: /^Số điện thoại/, bank: /^Ngân hàng/, branch: /^Chi nhánh/, accountName: /^Tên tài khoản/, accountNumber: /^Số tài khoản/,
        },
        {
          legalName: 'Công ty TNHH Giải pháp Sao Việt', licence: '0312345678', capital: '5.000.000.000', staff: '40', technical: '12',
          contact: 'Nguyễn Thị Lan', email: 'lan.nguyen@saoviet.vn', phone: '+84 28 3822 1234', bank: 'Vietcombank', branch: 'Hồ Chí Minh', accountName: 'CONG TY TNHH GIAI PHAP SAO VIET', accountNumber: '0071001234567',
        },
      );
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'partner-apply');
      // Without the terms ticked the service refuses with the sentence, not a code.
      await page.getByRole('button', { name: 'Become a VNG Cloud Partner' }).click();
      await page.getByRole('alert').getByText('Bạn cần đồng ý với điều khoản và điều kiện hiện hành.').waitFor();
      await page.getByLabel(/Tôi đã đọc kỹ và hiểu điều khoản/).check();
      await page.getByRole('button', { name: 'Become a VNG Cloud Partner' }).click();
      await page.getByRole('heading', { name: 'Chờ duyệt' }).waitFor();
      await page.getByText(/Yêu cầu đăng ký đối tác của bạn đang chờ VNG Cloud duyệt/).waitFor();
      expect((await page.getByTestId('approval-due').textContent())?.trim()).toMatch(/\d{4}/);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'partner-awaiting');
      await context.close();
    });
  });

  describe('tencentcloud, in Chinese', () => {
    let service: ConsoleService;
    beforeAll(async () => {
      service = await startConsoleService({ PROGRAM: 'tencentcloud' });
      await service.asService('POST', '/v1/accounts', { accountId: 'cn-small', email: 'boss@xiaowei-it.cn', type: 'enterprise', billing: 'prepaid' });
      await service.asService('POST', '/v1/accounts/cn-small/identity-verification', { legalName: '成都小微信息技术有限公司', method: 'business_license' });
    });
    afterAll(async () => service?.stop());

    it('an agent application below the thresholds shows each failed threshold', async () => {
      const { page, context } = await newPerson(browser, 'zh-CN');
      await page.goto(`${service.url}/partner/apply`);
      await signIn(page, service.url, 'partner', 'cn-small');
      await page.getByRole('heading', { name: /^成为腾讯云/ }).waitFor();
      await page.getByLabel('合作伙伴类型').selectOption('agent');
      await page.getByTestId('thresholds-note').waitFor();
      await fillApplication(
        page,
        {
          legalName: /^公司法定名称/, licence: /^营业执照号/, capital: /^注册资金/, staff: /^员工人数/, technical: /^技术人员人数/,
          contact: /^联系人姓名/, email: /^邮箱/, phone: /^电话/, bank: /^开户银行/, branch: /^支行/, accountName: /^账户名称/, accountNumber: /^银行账号/,
        },
        {
          legalName: '成都小微信息技术有限公司', licence: '91510100MA6C1234XY', capital: '300000', staff: '6', technical: '1',
          contact: '王小明', email: 'wang@xiaowei-it.cn', phone: '+86 28 8555 1234', bank: '招商银行', branch: '成都分行', accountName: '成都小微信息技术有限公司', accountNumber: '6225880212345678',
        },
      );
      await page.getByLabel(/我已阅读并理解/).check();
      await page.getByRole('button', { name: /^成为腾讯云/ }).click();
      const details = page.getByTestId('refusal-details');
      await details.waitFor();
      await page.getByRole('alert').getByText('公司未达到该合作伙伴类型的申请门槛。').waitFor();
      const failed = await details.locator('[data-failed]').evaluateAll((items) => items.map((item) => item.getAttribute('data-failed')));
      expect(failed).toEqual(expect.arrayContaining(['registeredCapital', 'staff', 'technicalStaff', 'customerOperations', 'afterSalesService']));
      await details.getByText(/注册资金低于/).waitFor();
      await details.getByText('员工少于 20 人').waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'tencent-thresholds');
      await context.close();
    });
  });
});
