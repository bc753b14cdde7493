import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/** The link of an invitation e-mail, as the customer's mail program shows it. */
function linkIn(mail: string): string {
  const link = /https?:\/\/\S+\/customers\/[^/\s]+\/confirm#token=[A-Za-z0-9_-]+/.exec(mail)?.[0];
  if (!link) throw new Error(`no invitation link in the mail:\n${mail}`);
  return link;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/**
 * Issue 14, flow 1, through the screens only: a partner applies in Vietnamese and waits; a reviewer
 * approves it from the queue; the partner adds three customers in one form (one of them postpaid, so
 * ineligible) and reads each row's result; a customer opens the link of its .eml mail, signs in and
 * confirms; the reviewer approves it; the partner sees it Approved, allocates credit, and the
 * dashboard shows the new figures; it changes its profile and reads the history. Accounts and the partner's deposit come from the provider's
 * internal services (no screen), as in production.
 */
describeInBrowser('console: the VNG Cloud flow, from the application to a funded customer (seeds 000, 001, 003)', () => {
  let browser: Browser;
  let service: ConsoleService;
  beforeAll(async () => {
    browser = await launchBrowser();
    service = await startConsoleService();
    for (const account of [
      { accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' },
      { accountId: 'vn-cus-minhphat', email: 'tran.thi.binh@minhphat.vn', type: 'enterprise', billing: 'prepaid' },
      { accountId: 'vn-cus-dulichxanh', email: 'le.hoang@dulichxanh.vn', type: 'individual', billing: 'prepaid' },
      { accountId: 'vn-cus-phuongnam', email: 'ops@phuongnam-logistics.vn', type: 'enterprise', billing: 'postpaid' },
    ]) await service.asService('POST', '/v1/accounts', account);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('applies, is approved, invites three customers, one confirms and is approved, and is funded', async () => {
    // 1. The partner applies in Vietnamese.
    const partner = await newPerson(browser, 'vi-VN');
    await partner.page.goto(`${service.url}/`);
    await signIn(partner.page, service.url, 'partner', 'vn-ent-saoviet');
    await partner.page.getByRole('link', { name: 'Become a VNG Cloud Partner' }).click();
    await partner.page.getByLabel('Loại đối tác').selectOption('reseller');
    const fields: Array<[RegExp, string]> = [
      [/^Tên pháp lý của công ty/, 'Công ty TNHH Giải pháp Sao Việt'], [/^Số giấy phép kinh doanh/, '0312345678'], [/^Vốn điều lệ/, '5.000.000.000'],
      [/^Số nhân viên \*?$/, '40'], [/^Số nhân viên kỹ thuật/, '12'], [/^Người liên hệ/, 'Nguyễn Thị Lan'], [/^Email/, 'lan.nguyen@saoviet.vn'],
      [/^Số điện thoại/, '+84 28 3822 1234'], [/^Ngân hàng/, 'Vietcombank'], [/^Chi nhánh/, 'Hồ Chí Minh'], [/^Tên tài khoản/, 'CONG TY TNHH GIAI PHAP SAO VIET'], [/^Số tài khoản/, '0071001234567'],
    ];
    for (const [label, value] of fields) await partner.page.getByLabel(label).fill(value);
    await partner.page.getByLabel(/Tôi đã đọc kỹ và hiểu điều khoản/).check();
    await partner.page.getByRole('button', { name: 'Become a VNG Cloud Partner' }).click();
    await partner.page.getByRole('heading', { name: 'Chờ duyệt' }).waitFor();

    // 2. A reviewer approves it from the queue.
    await reviewerApproves(browser, service, 'partner', 'vn-ent-saoviet');

    // 3. The partner adds three customers in one form; the postpaid one is refused with its reason.
    await partner.page.reload();
    await partner.page.getByRole('navigation').getByRole('link', { name: 'Tài khoản', exact: true }).click();
    await partner.page.getByRole('heading', { name: 'Tài khoản khách hàng' }).waitFor();
    await partner.page.getByRole('link', { name: 'Thêm tài khoản khách hàng' }).click();
    await partner.page.getByRole('heading', { name: 'Thêm tài khoản khách hàng' }).waitFor();
    const customers = [
      ['tran.thi.binh@minhphat.vn', 'Minh Phát'],
      ['le.hoang@dulichxanh.vn', 'Du Lịch Xanh'],
      ['ops@phuongnam-logistics.vn', 'Phương Nam Logistics'],
    ];
    for (const [index, [email, name]] of customers.entries()) {
      if (index > 0) await partner.page.getByRole('button', { name: 'Thêm khách hàng' }).click();
      const row = partner.page.getByRole('group', { name: `Khách hàng ${index + 1}` });
      await row.getByLabel(/^Địa chỉ email/).fill(email);
      await row.getByLabel(/^Tên gợi nhớ/).fill(name);
      expect(await row.getByLabel(/^Vai trò của bạn/).inputValue()).toBe('partner');
    }
    // A row added by mistake is removed again.
    await partner.page.getByRole('button', { name: 'Thêm khách hàng' }).click();
    await partner.page.getByRole('button', { name: 'Xoá khách hàng 4' }).click();
    expect(await partner.page.getByRole('group', { name: /^Khách hàng \d$/ }).count()).toBe(3);
    await expectAccessible(partner.page);
    await partner.page.getByRole('button', { name: 'Thêm', exact: true }).click();
    await partner.page.getByText('Đã mời 2, không thêm được 1.').waitFor();
    const results = await partner.page.locator('fieldset.customer-row').evaluateAll((rows) => rows.map((row) => row.querySelector('[data-result]')?.getAttribute('data-result')));
    expect(results).toEqual(['invited', 'invited', 'rejected']);
    const refusedRow = partner.page.getByRole('group', { name: 'Khách hàng 3' });
    await refusedRow.getByText('Tài khoản phải là tài khoản trả trước.').waitFor();
    await screenshot(partner.page, 'customers-add');

    // 4. The customer opens the link of its e-mail, signs in, and confirms.
    const mail = await service.mailTo('tran.thi.binh@minhphat.vn', /confirm#token=/);
    const customer = await newPerson(browser, 'vi-VN');
    await customer.page.goto(linkIn(mail));
    await signIn(customer.page, service.url, 'customer', 'vn-cus-minhphat');
    expect(new URL(customer.page.url()).pathname).toBe('/customers/vn-cus-minhphat/confirm');
    expect(customer.page.url()).not.toContain('token');
    await customer.page.getByRole('heading', { name: 'Lời mời trở thành khách hàng của đối tác' }).waitFor();
    await customer.page.getByText('Công ty TNHH Giải pháp Sao Việt', { exact: true }).waitFor();
    await customer.page.getByTestId('invitation-expires').waitFor();
    await expectAccessible(customer.page);
    await screenshot(customer.page, 'customer-invitation');
    await customer.page.getByRole('button', { name: 'Xác nhận' }).click();
    await customer.page.getByTestId('invitation-outcome').getByText(/Cảm ơn bạn đã xác nhận/).waitFor();

    // 5. The reviewer approves the customer.
    await reviewerApproves(browser, service, 'customer', 'vn-cus-minhphat');
    await customer.page.reload();
    await customer.page.getByText('Bạn là khách hàng của đối tác này.').waitFor();

    // 6. The partner sees it Approved, allocates credit; the dashboard shows the new figures.
    await service.asService('POST', '/v1/partners/vn-ent-saoviet/credit-deposits', { amount: '50000000', currency: 'VND', reference: 'PAY-2026-12-0001' });
    await partner.page.goto(`${service.url}/partner/customers?state=approved`);
    const approvedRow = partner.page.locator('tr[data-account="vn-cus-minhphat"]');
    await approvedRow.getByText('Đã duyệt').waitFor();
    await expectAccessible(partner.page);
    await screenshot(partner.page, 'customers-list');
    await approvedRow.getByRole('link', { name: 'tran.thi.binh@minhphat.vn' }).click();
    await partner.page.getByTestId('pool-available').getByText(/50\.000\.000/).waitFor();
    await partner.page.getByLabel(/^Số tiền \(VND\)/).fill('20.000.000');
    await partner.page.getByRole('button', { name: 'Cấp credit' }).click();
    await partner.page.getByText(/Số dư của khách hàng là 20\.000\.000.*quỹ của bạn còn 30\.000\.000/).waitFor();
    await partner.page.getByTestId('customer-credit').getByText(/20\.000\.000/).waitFor();
    // Reclaiming more than the customer holds is refused with the sentence.
    await partner.page.getByLabel(/^Số tiền \(VND\)/).fill('25.000.000');
    await partner.page.getByRole('button', { name: 'Thu hồi' }).click();
    await partner.page.getByRole('alert').waitFor();
    await partner.page.getByLabel(/^Chiết khấu \(%\)/).fill('5');
    await partner.page.getByRole('button', { name: 'Đặt chiết khấu' }).click();
    await partner.page.getByText('Đã đặt chiết khấu.').waitFor();
    await partner.page.locator('table').getByText('5 %').first().waitFor();
    await expectAccessible(partner.page);
    await screenshot(partner.page, 'customer-detail');

    // The provider's billing records this month's revenue on the customer (an internal service).
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await service.asService('POST', '/v1/partners/vn-ent-saoviet/customers/vn-cus-minhphat/revenue', { period: month, amount: '3250000', currency: 'VND', billingReference: `INV-${month}-77` });
    await partner.page.getByRole('navigation').getByRole('link', { name: 'Tổng quan', exact: true }).click();
    await partner.page.getByRole('img', { name: /Biểu đồ cột doanh thu theo tháng/ }).waitFor();
    await partner.page.getByRole('row', { name: new RegExp(`${month} 3\\.250\\.000`) }).waitFor();
    await partner.page.getByTestId('credit-allocated').getByText(/20\.000\.000/).waitFor();
    await partner.page.getByTestId('credit-available').getByText(/30\.000\.000/).waitFor();
    await partner.page.getByTestId('customers-approved').getByText('1').waitFor();
    await screenshot(partner.page, 'partner-dashboard');

    // 7. The partner changes its phone and bank account on its profile and reads the history.
    await partner.page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    const phone = partner.page.getByLabel(/^Số điện thoại/);
    expect(await phone.inputValue()).toBe('+84 2838221234');
    await phone.fill('+84 28 3822 9999');
    await partner.page.getByLabel(/^Số tài khoản/).fill('0071009876543');
    await partner.page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await partner.page.getByText('Hồ sơ đã được cập nhật.').waitFor();
    const history = partner.page.getByTestId('profile-history');
    await history.getByRole('row', { name: /Liên hệ .*\+84 2838221234.*\+84 2838229999/ }).waitFor();
    await history.getByRole('row', { name: /Tài khoản ngân hàng/ }).waitFor();
    await expectAccessible(partner.page);
    await screenshot(partner.page, 'partner-profile');
    await Promise.all([partner.context.close(), customer.context.close()]);
  });

  it('a customer signed in with another account is told which one; the right one declines; the outcome shows in a new tab too', async () => {
    const mail = await service.mailTo('le.hoang@dulichxanh.vn', /confirm#token=/);
    const { page, context } = await newPerson(browser, 'en-GB');
    await page.goto(`${service.url}/sign-in`);
    await signIn(page, service.url, 'customer', 'vn-cus-minhphat');
    await page.goto(linkIn(mail));
    await page.getByRole('alert').getByText(/This invitation is for the account vn-cus-dulichxanh/).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).last().click();
    await signIn(page, service.url, 'customer', 'vn-cus-dulichxanh');
    await page.getByRole('heading', { name: 'Invitation to become a partner’s customer' }).waitFor();
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByRole('button', { name: 'Yes, decline' }).click();
    await page.getByText('You declined this invitation.').waitFor();
    // Once answered, the token is forgotten: the same tab opened without the link only shows the outcome.
    expect(await page.evaluate('Object.keys(sessionStorage).filter((k) => k.startsWith("pp.invitation."))')).toEqual([]);
    await context.close();

    const other = await newPerson(browser, 'en-GB');
    await other.page.goto(`${service.url}/customers/vn-cus-dulichxanh/confirm`);
    await signIn(other.page, service.url, 'customer', 'vn-cus-dulichxanh');
    await other.page.getByText('You declined this invitation.').waitFor();
    await other.context.close();
  });
});

/**
 * A reviewer (provider staff, in English) signs in, finds `subject` in the approval queue, opens it
 * and approves it, and sees the new state: issue 14's reviewer screens.
 */
async function reviewerApproves(browser: Browser, service: ConsoleService, kind: 'partner' | 'customer', subject: string): Promise<void> {
  const { page, context } = await newPerson(browser, 'en-GB');
  await page.goto(`${service.url}/review`);
  await signIn(page, service.url, 'reviewer', undefined, 'staff-thao');
  await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
  const row = page.getByTestId('approval-queue').locator(`tr[data-subject="${subject}"]`);
  await row.getByRole('link', { name: `Open ${subject}` }).click();
  await page.getByTestId(`${kind}-state`).getByText('Awaiting approval').waitFor();
  await page.getByTestId('approve').getByRole('button', { name: 'Approve' }).click();
  await page.getByTestId('decision-notice').getByText(`Done. The ${kind} is now: Approved.`).waitFor();
  await page.getByTestId(`${kind}-state`).getByText('Approved').waitFor();
  await context.close();
}
