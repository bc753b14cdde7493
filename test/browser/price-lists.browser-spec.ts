import type { Browser, Page } from 'playwright-core';
import { aPartner } from '../support/builders';
import { describeInBrowser, partnerWithApprovedCustomer, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/**
 * Issue 17 on the customer screen: the partner sees which price list bills its customer (the
 * program's default until it assigns one), assigns another from a month on, and sees the history.
 * The steps before (application, invitation, approvals) are other screens' tests: here they are
 * sent to the api as each role would, and the screen under test is used as a person does.
 */
describeInBrowser('console: a partner assigns a price list to its customer (issue 17)', () => {
  let browser: Browser;
  let service: ConsoleService;


  beforeAll(async () => {
    browser = await launchBrowser();
    service = await startConsoleService();
    await partnerWithApprovedCustomer(service, 'en', aPartner('vn-ent-saoviet').body());
    const today = new Date().toISOString().slice(0, 10);
    const items = [
      { sku: 'vserver-2c4g', description: 'vServer 2 vCPU 4 GB', unit: 'month', unitPrice: '450000' },
      { sku: 'vstorage-ssd', description: 'vStorage SSD', unit: 'GB-month', unitPrice: '3000' },
    ];
    await service.asService('POST', '/v1/price-lists/vngcloud-standard/versions', { name: 'VNG Cloud Standard', currency: 'VND', effectiveFrom: today, items });
    await service.asService('POST', '/v1/price-lists/vngcloud-enterprise/versions', { name: 'VNG Cloud Enterprise', currency: 'VND', effectiveFrom: today, items: items.map((i) => ({ ...i, unitPrice: String(Number(i.unitPrice) * 0.9) })) });
    await service.asService('POST', '/v1/price-lists/vngcloud-promo-2026/versions', { name: 'VNG Cloud Promotion 2026', currency: 'VND', effectiveFrom: today, items });
    await service.asService('POST', '/v1/price-lists/vngcloud-international/versions', { name: 'VNG Cloud International', currency: 'USD', effectiveFrom: today, items: [{ ...items[0], unitPrice: '18.00' }] });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  it('shows the default price list, assigns another from this month, and lists the history', async () => {
    const { page, context } = await newPerson(browser, 'en-GB');
    await page.goto(`${service.url}/partner/customers/vn-cus-minhphat`);
    await signIn(page, service.url, 'partner', 'vn-ent-saoviet');
    await page.getByRole('heading', { name: 'Minh Phát' }).waitFor();
    await page.getByTestId('customer-price-list').getByText("VNG Cloud Standard (the program's default)").waitFor();
    const panel = page.locator('form[aria-labelledby="price-list-title"]');
    await panel.getByText('No price list was assigned: the default applies.').waitFor();
    // Only lists in the program's currency are offered: the USD list is not.
    const offered = await panel.getByLabel(/^Price list/).locator('option').allTextContents();
    expect(offered).toEqual(['Choose a price list', 'VNG Cloud Enterprise', 'VNG Cloud Promotion 2026', "VNG Cloud Standard (the program's default)"]);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    expect(await panel.getByLabel(/^Effective month/).inputValue()).toBe(month);

    // The provider retires the promotion while the page is open: assigning it is refused with the sentence.
    await panel.getByLabel(/^Price list/).selectOption({ label: 'VNG Cloud Promotion 2026' });
    await service.asService('POST', '/v1/price-lists/vngcloud-promo-2026/retirement', { reason: 'promotion over' });
    await panel.getByRole('button', { name: 'Assign the price list' }).click();
    await panel.getByRole('alert').getByText('This price list has been retired and can no longer be assigned.').waitFor();

    await panel.getByLabel(/^Price list/).selectOption({ label: 'VNG Cloud Enterprise' });
    await panel.getByRole('button', { name: 'Assign the price list' }).click();
    await panel.getByRole('status').getByText('Price list assigned.').waitFor();
    await page.getByTestId('customer-price-list').getByText(`VNG Cloud Enterprise from ${month}`).waitFor();
    const history = panel.locator('table tbody tr');
    await history.first().getByText('VNG Cloud Enterprise').waitFor();
    expect(await history.count()).toBe(1);
    expect(await history.first().locator('td').nth(1).textContent()).toBe(month);
    await expectAccessible(page);
    await screenshot(page, 'customer-price-list');
    await context.close();
  });
});
