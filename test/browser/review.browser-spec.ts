import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/** A valid RegisterPartner body for vngcloud (as test/support partnerApplication), with its own company and licence. */
function application(legalName: string, licence: string, email: string) {
  return {
    language: 'vi',
    termsVersion: '2023-07',
    acceptTerms: true,
    partnerType: 'reseller',
    company: { legalName, businessLicenseNo: licence, registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true },
    contact: { name: 'Trần Quốc Huy', email, phone: '+84 28 3822 1234' },
    bank: { bankName: 'BIDV', branch: 'Chi nhánh Sài Gòn', accountName: legalName.toUpperCase(), accountNumber: '31410001234567' },
  };
}

/** The row of the queue for `subject`. */
const row = (page: Page, subject: string) => page.getByTestId('approval-queue').locator(`tr[data-subject="${subject}"]`);

describeInBrowser('console: a reviewer decides (SPEC sections 3, 4 and 9)', () => {
  let browser: Browser;
  let service: ConsoleService;

  /** A development token, as the sign-in screen gets one. */
  const devToken = async (role: string, account?: string, sub?: string): Promise<string> => {
    const response = await fetch(`${service.url}/v1/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, account, sub }) });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const send = async (token: string, method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  let dataDir: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    // Sao Việt applied three weeks ago (a service whose clock starts then, SIMULATED_NOW): overdue now.
    dataDir = await mkdtemp(join(tmpdir(), 'pp-review-'));
    const weeksAgo = new Date(Date.now() - 21 * 24 * 3600_000).toISOString();
    service = await startConsoleService({ DATA_DIR: dataDir, SIMULATED_NOW: weeksAgo });
    // Accounts come from the identity service.
    for (const [accountId, email] of [
      ['vn-ent-saoviet', 'admin@saoviet.vn'],
      ['vn-ent-anphat', 'admin@anphat.vn'],
      ['vn-ent-hoanglong', 'admin@hoanglong.vn'],
      ['vn-cus-minhphat', 'it@minhphat.vn'],
    ]) {
      await service.asService('POST', '/v1/accounts', { accountId, email, type: 'enterprise', billing: 'prepaid' });
    }
    await send(await devToken('partner', 'vn-ent-saoviet'), 'POST', '/v1/partners', application('Công ty Cổ phần Công nghệ Sao Việt', '0312345671', 'huy.tq@saoviet.vn'));
    await service.stop();
    // Today, on the same data: An Phát applies; Hoàng Long, approved, invites a customer who confirms.
    service = await startConsoleService({ DATA_DIR: dataDir });
    await send(await devToken('partner', 'vn-ent-anphat'), 'POST', '/v1/partners', application('Công ty TNHH Giải pháp An Phát', '0312345672', 'lan.nt@anphat.vn'));
    const hoangLong = await devToken('partner', 'vn-ent-hoanglong');
    await send(hoangLong, 'POST', '/v1/partners', application('Công ty TNHH Hoàng Long', '0312345673', 'minh.le@hoanglong.vn'));
    await send(await devToken('reviewer', undefined, 'setup'), 'POST', '/v1/partners/vn-ent-hoanglong/approval', {});
    const added = await send(hoangLong, 'POST', '/v1/partners/vn-ent-hoanglong/customers', { customers: [{ email: 'it@minhphat.vn', commonName: 'Minh Phát' }] });
    expect(added.rows[0].result).toBe('invited');
    const mail = await service.mailTo('it@minhphat.vn', /confirm#token=/);
    const token = /token=([A-Za-z0-9_-]{20,})/.exec(mail.replace(/=\r?\n/g, '').replace(/=3D/g, '='))![1];
    await send(await devToken('customer', 'vn-cus-minhphat'), 'POST', '/v1/customers/vn-cus-minhphat/confirmation', { token });
  });
  afterAll(async () => {
    await service?.stop();
    await browser?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('through the screens: the queue, approve, reject with a reason, suspend and reinstate, approve the customer', async () => {
    const { page, context } = await newPerson(browser, 'en-GB');
    await page.goto(`${service.url}/review`);
    await signIn(page, service.url, 'reviewer', undefined, 'staff-lan');
    await page.waitForURL(/\/review$/);

    // The queue: both applications and the customer, oldest due first, with submitted and due dates.
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    const queue = page.getByTestId('approval-queue');
    await queue.waitFor();
    const subjects = await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')));
    expect(subjects.filter((s) => s !== 'vn-cus-minhphat')).toEqual(['vn-ent-saoviet', 'vn-ent-anphat']);
    expect(subjects).toContain('vn-cus-minhphat');
    await row(page, 'vn-ent-saoviet').getByText('Awaiting approval').waitFor();
    await row(page, 'vn-ent-saoviet').getByText('Overdue').waitFor();
    await row(page, 'vn-ent-anphat').getByText('On time').waitFor();
    expect(await row(page, 'vn-ent-saoviet').getAttribute('class')).toContain('overdue');
    expect((await row(page, 'vn-ent-saoviet').getByTestId('due-at').textContent())?.trim()).toMatch(/\d{4}/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-queue');

    // The kind filter is the api's.
    await page.getByLabel('Kind').selectOption('customer');
    await queue.locator('tbody tr[data-subject="vn-ent-saoviet"]').waitFor({ state: 'detached' });
    expect(await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')))).toEqual(['vn-cus-minhphat']);
    await page.getByLabel('Due').selectOption('true');
    await page.getByText('Nothing in the queue matches these filters.').waitFor();
    await page.getByLabel('Kind').selectOption('');
    await row(page, 'vn-ent-saoviet').waitFor();
    expect(await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')))).toEqual(['vn-ent-saoviet']);
    await page.getByLabel('Due').selectOption('');
    await row(page, 'vn-ent-anphat').waitFor();

    // Sao Việt: the application, then Approve.
    await row(page, 'vn-ent-saoviet').getByRole('link', { name: 'Open vn-ent-saoviet' }).click();
    await page.getByRole('heading', { name: 'Công ty Cổ phần Công nghệ Sao Việt' }).waitFor();
    await page.getByTestId('partner-state').getByText('Awaiting approval').waitFor();
    await page.getByTestId('partner-state').getByText('Overdue').waitFor();
    expect(await page.getByTestId('registered-capital').textContent()).toMatch(/10[.,\s\u00a0]?000[.,\s\u00a0]?000[.,\s\u00a0]?000/);
    await page.getByText('2023-07').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-partner');
    await page.getByTestId('approve').getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('decision-notice').getByText('Done. The partner is now: Approved.').waitFor();
    await page.getByTestId('partner-state').getByText('Approved').waitFor();

    // Suspend (a reason is required) and reinstate.
    await page.getByTestId('suspend').getByRole('button', { name: 'Suspend' }).click();
    await page.getByTestId('suspend').getByText('Give a reason.').waitFor();
    await page.getByLabel(/^Reason for suspension/).fill('Unpaid credit top-up for two months');
    await page.getByTestId('suspend').getByRole('button', { name: 'Suspend' }).click();
    await page.getByTestId('partner-state').getByText('Suspended').waitFor();
    await page.getByTestId('status-reason').getByText('Unpaid credit top-up for two months').waitFor();
    await page.getByLabel(/^Reason for reinstatement/).fill('The top-up was received');
    await page.getByTestId('reinstate').getByRole('button', { name: 'Reinstate' }).click();
    await page.getByTestId('decision-notice').getByText('Done. The partner is now: Approved.').waitFor();
    await page.getByTestId('partner-state').getByText('Approved').waitFor();
    // Termination asks again; cancelling keeps the partner.
    await page.getByLabel(/^Reason for termination/).fill('Test of the confirmation');
    await page.getByTestId('terminate').getByRole('button', { name: 'Terminate' }).click();
    await page.getByText('Terminate this partner for good? This cannot be undone.').waitFor();
    await page.getByTestId('terminate').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('partner-state').getByText('Approved').waitFor();
    // vngcloud has no assessment period: nothing to record.
    await page.getByText('This program has no assessment period.').waitFor();
    expect(await page.getByTestId('assessment').count()).toBe(0);

    // An Phát: rejected with a reason, which the page then shows; the queue no longer holds it.
    await page.getByRole('link', { name: 'Approval queue' }).first().click();
    await row(page, 'vn-ent-anphat').getByRole('link', { name: 'Open vn-ent-anphat' }).click();
    await page.getByRole('heading', { name: 'Công ty TNHH Giải pháp An Phát' }).waitFor();
    await page.getByLabel(/^Reason for rejection/).fill('The business licence number does not match the licence scan.');
    await page.getByTestId('reject').getByRole('button', { name: 'Reject' }).click();
    await page.getByTestId('partner-state').getByText('Rejected').waitFor();
    await page.getByTestId('rejection-reason').getByText('The business licence number does not match the licence scan.').waitFor();
    await page.getByText('No decision is open for a partner in this state.').waitFor();

    // The customer, from the queue: Approve.
    await page.getByRole('link', { name: 'Approval queue' }).first().click();
    await queue.waitFor();
    expect(await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')))).toEqual(['vn-cus-minhphat']);
    await row(page, 'vn-cus-minhphat').getByRole('link', { name: 'Open vn-cus-minhphat' }).click();
    await page.getByRole('heading', { name: 'Customer Minh Phát' }).waitFor();
    await page.getByText('Công ty TNHH Hoàng Long').waitFor();
    await page.getByTestId('customer-state').getByText('Awaiting approval').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-customer');
    // With the keyboard: the button takes the focus and Enter sends; the focus then moves to the news.
    await page.getByTestId('approve').getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('decision-notice').getByText('Done. The customer is now: Approved.').waitFor();
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('decision-notice');
    await page.getByTestId('customer-state').getByText('Approved').waitFor();

    // The queue is empty now.
    await page.getByRole('link', { name: 'Approval queue' }).first().click();
    await page.getByText('Nothing is awaiting approval.').waitFor();
    await context.close();
  });

  it('in Vietnamese: the partners page opens a partner by its account id, a refused decision is a sentence, an unknown id is said', async () => {
    const { page, context } = await newPerson(browser, 'vi-VN');
    await page.goto(`${service.url}/review/partners`);
    await signIn(page, service.url, 'reviewer', undefined, 'staff-huy');
    await page.goto(`${service.url}/review/partners`);
    await page.getByRole('heading', { name: 'Đối tác', exact: true }).waitFor();
    await page.getByText('Không có yêu cầu đăng ký đối tác nào đang chờ duyệt.').waitFor();
    // An id that is no account id is refused on the page.
    await page.getByLabel(/^Mã tài khoản đối tác/).fill('không hợp lệ');
    await page.getByRole('button', { name: 'Mở', exact: true }).click();
    await page.getByText('Nhập mã tài khoản: chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-partners');
    await page.getByLabel(/^Mã tài khoản đối tác/).fill('vn-ent-hoanglong');
    await page.getByRole('button', { name: 'Mở', exact: true }).click();
    await page.waitForURL(/\/review\/partners\/vn-ent-hoanglong$/);
    await page.getByRole('heading', { name: 'Công ty TNHH Hoàng Long' }).waitFor();
    await page.getByTestId('partner-state').getByText('Đã duyệt').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A decision another reviewer took meanwhile: the refusal is a sentence in the person's language.
    await service.asService('POST', '/v1/accounts', { accountId: 'vn-ent-thanhcong', email: 'admin@thanhcong.vn', type: 'enterprise', billing: 'prepaid' });
    await send(await devToken('partner', 'vn-ent-thanhcong'), 'POST', '/v1/partners', application('Công ty TNHH Thành Công', '0312345674', 'an.pham@thanhcong.vn'));
    await page.goto(`${service.url}/review/partners/vn-ent-thanhcong`);
    await page.getByTestId('partner-state').getByText('Chờ duyệt').waitFor();
    await send(await devToken('reviewer', undefined, 'someone-else'), 'POST', '/v1/partners/vn-ent-thanhcong/approval', {});
    await page.getByLabel(/^Lý do từ chối/).fill('Giấy phép không đọc được');
    await page.getByTestId('reject').getByRole('button', { name: 'Từ chối' }).click();
    await page.getByTestId('reject').getByRole('alert').getByText('Hồ sơ không ở trạng thái chờ duyệt.').waitFor();
    expect(await page.getByTestId('reject').locator('[data-code="PARTNER_NOT_PENDING"]').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Read again: approved by the other reviewer. Terminate, confirmed: final, no decision left.
    await page.reload();
    await page.getByTestId('partner-state').getByText('Đã duyệt').waitFor();
    await page.getByLabel(/^Lý do chấm dứt/).fill('Vi phạm điều khoản về thương hiệu');
    await page.getByTestId('terminate').getByRole('button', { name: 'Chấm dứt' }).click();
    await page.getByText('Chấm dứt vĩnh viễn đối tác này? Không thể hoàn tác.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('terminate').getByRole('button', { name: 'Đồng ý chấm dứt' }).click();
    await page.getByTestId('partner-state').getByText('Đã chấm dứt').waitFor();
    await page.getByTestId('status-reason').getByText('Vi phạm điều khoản về thương hiệu').waitFor();
    await page.getByText('Không có quyết định nào cho đối tác ở trạng thái này.').waitFor();
    await page.goto(`${service.url}/review/partners/vn-ent-nobody`);
    await page.getByText('Không có đối tác nào có mã tài khoản vn-ent-nobody.').waitFor();
    await context.close();
  });

  it('the queue pages with the api cursor, 25 a page, the filter kept in the address', async () => {
    // 27 applications of today (all due the same day: the api then orders them by account).
    const ids = Array.from({ length: 27 }, (_, i) => `vn-ent-p${String(i + 1).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      await service.asService('POST', '/v1/accounts', { accountId: id, email: `admin@${id}.vn`, type: 'enterprise', billing: 'prepaid' });
      await send(await devToken('partner', id), 'POST', '/v1/partners', application(`Công ty TNHH Thương mại Số ${i + 1}`, `04123456${String(i + 10)}`, `contact@${id}.vn`));
    }
    const { page, context } = await newPerson(browser, 'en-GB');
    await page.goto(`${service.url}/review?kind=partner`);
    await signIn(page, service.url, 'reviewer', undefined, 'staff-lan');
    await page.goto(`${service.url}/review?kind=partner`);
    expect(await page.getByLabel('Kind').inputValue()).toBe('partner');
    const queue = page.getByTestId('approval-queue');
    const subjects = () => queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')));
    await row(page, 'vn-ent-p25').waitFor();
    expect(await subjects()).toEqual(ids.slice(0, 25));
    const pages = page.getByRole('navigation', { name: 'Pages' });
    expect(await pages.getByRole('button', { name: 'First page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Next page' }).click();
    await row(page, 'vn-ent-p27').waitFor();
    expect(await subjects()).toEqual(ids.slice(25));
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'First page' }).click();
    await row(page, 'vn-ent-p01').waitFor();
    await context.close();
  });

  describe('tencentcloud, in Chinese: the assessment after its three months', () => {
    let tencent: ConsoleService;
    let folder: string;
    const as = async (role: string, account: string | undefined, method: string, path: string, body?: unknown) => {
      const token = ((await (await fetch(`${tencent.url}/v1/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, account, sub: account ? undefined : 'setup' }) })).json()) as { accessToken: string }).accessToken;
      const response = await fetch(`${tencent.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    };
    beforeAll(async () => {
      // Applied and approved four months ago (SIMULATED_NOW), so the three months of assessment are over today.
      folder = await mkdtemp(join(tmpdir(), 'pp-review-cn-'));
      tencent = await startConsoleService({ PROGRAM: 'tencentcloud', DATA_DIR: folder, SIMULATED_NOW: new Date(Date.now() - 122 * 24 * 3600_000).toISOString() });
      await tencent.asService('POST', '/v1/accounts', { accountId: 'cn-ent-xinghe', email: 'admin@xinghe-data.cn', type: 'enterprise', billing: 'prepaid' });
      await tencent.asService('POST', '/v1/accounts/cn-ent-xinghe/identity-verification', { legalName: '深圳市星河数据科技有限公司', method: 'business_license' });
      await as('partner', 'cn-ent-xinghe', 'POST', '/v1/partners', {
        language: 'zh',
        termsVersion: '2024-01',
        acceptTerms: true,
        partnerType: 'reseller',
        company: { legalName: '深圳市星河数据科技有限公司', businessLicenseNo: '91440300MA5F123456', registeredCapital: '2000000.00', staff: 35, technicalStaff: 8, customerOperations: true, afterSalesService: true },
        contact: { name: '李娜', email: 'lina@xinghe-data.cn', phone: '+86 755 8601 3388' },
        bank: { bankName: '招商银行', branch: '深圳分行', accountName: '深圳市星河数据科技有限公司', accountNumber: '755912345678901' },
      });
      await as('reviewer', undefined, 'POST', '/v1/partners/cn-ent-xinghe/approval', {});
      await tencent.stop();
      tencent = await startConsoleService({ PROGRAM: 'tencentcloud', DATA_DIR: folder });
    });
    afterAll(async () => {
      await tencent?.stop();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('a reviewer opens the partner in assessment and records it passed: 已通过', async () => {
      const { page, context } = await newPerson(browser, 'zh-CN');
      await page.goto(`${tencent.url}/review/partners`);
      await signIn(page, tencent.url, 'reviewer', undefined, 'staff-wang');
      await page.goto(`${tencent.url}/review/partners`);
      await page.getByText('没有待审核的合作伙伴申请。').waitFor();
      await page.getByLabel(/^合作伙伴账号 ID/).fill('cn-ent-xinghe');
      await page.getByRole('button', { name: '打开', exact: true }).click();
      await page.getByRole('heading', { name: '深圳市星河数据科技有限公司' }).waitFor();
      await page.getByTestId('partner-state').getByText('考核中').waitFor();
      expect(await page.getByTestId('registered-capital').textContent()).toMatch(/2,000,000\.00/);
      await page.getByText('partner-required-101').waitFor();
      await page.getByText(/^至 .*（审核通过后 3 个月）$/).waitFor();
      await page.getByText(/^考核期已于 .* 结束。$/).waitFor();
      const form = page.getByTestId('assessment');
      await form.getByRole('button', { name: '记录考核结果' }).click();
      await form.getByText('请填写考核说明。').waitFor();
      await form.getByLabel('通过：合作伙伴变为已通过').check();
      await form.getByLabel(/^考核说明/).fill('三个月内完成 12 个客户签约，服务质量合格。');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'review-assessment');
      await form.getByRole('button', { name: '记录考核结果' }).click();
      await page.getByTestId('decision-notice').getByText('已完成。合作伙伴当前状态：已通过。').waitFor();
      await page.getByTestId('partner-state').getByText('已通过').waitFor();
      expect(await page.getByTestId('assessment').count()).toBe(0);
      await context.close();
    });
  });
});
