import type { Browser, Page } from 'playwright-core';
import { aPartner } from '../support/builders';
import { eventually, until } from '../support/wait';
import { WebhookReceiver } from '../support/webhook-receiver';
import { describeInBrowser, launchBrowser, newPerson, screenshot, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

/** The public event types that carry a partnerId: what the screen must offer, no more, no fewer. */
const PARTNER_TYPES = [
  'PartnerRegistrationSubmitted', 'PartnerApproved', 'PartnerRejected', 'PartnerProfileUpdated', 'PartnerCourseCompleted', 'PartnerAssessmentRecorded',
  'PartnerSuspended', 'PartnerReinstated', 'PartnerTerminated', 'CustomerInvited', 'CustomerInvitationConfirmed', 'CustomerInvitationDeclined',
  'CustomerInvitationCancelled', 'CustomerInvitationExpired', 'CustomerApproved', 'CustomerRejected', 'CustomerRelationshipEnded', 'CustomerDiscountSet',
  'CustomerPriceListAssigned', 'PartnerCreditDeposited', 'CustomerCreditAllocated', 'PartnerCreditThresholdsSet', 'PartnerCreditThresholdCrossed', 'CustomerRevenueRecorded',
];

/**
 * Issue 18 on the partner's Webhooks screen: a partner adds a webhook pointing at a real receiver on
 * the loopback (hence `WEBHOOK_ALLOW_PRIVATE=true`), keeps the secret shown once, sees a delivery in
 * the log, redelivers from a row, rotates the secret and deletes the subscription. The steps that
 * are other screens' (application, approval, invitations) are sent to the api as each role would.
 */
describeInBrowser('console: a partner manages its webhooks (issue 18)', () => {
  let browser: Browser;
  let service: ConsoleService;
  let receiver: WebhookReceiver;


  const invite = (email: string, commonName: string) => service.as('partner', 'vn-ent-saoviet', 'POST', '/v1/partners/vn-ent-saoviet/customers', { customers: [{ email, commonName }] });

  /** The verified, accepted deliveries of `type` to the receiver, waiting until there are `count`. */
  const accepted = (type: string, count: number) =>
    eventually(() => receiver.accepted.filter((r) => r.payload.type === type), (found) => found.length >= count, 20_000, () => `${count} verified ${type} deliveries (received: ${receiver.received.map((r) => `${r.payload.type} ${r.answered}${r.verified ? '' : ' unverified'}`).join(', ')})`);

  beforeAll(async () => {
    browser = await launchBrowser();
    receiver = await WebhookReceiver.start();
    service = await startConsoleService({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    await service.asService('POST', '/v1/accounts', { accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' });
    await service.asService('POST', '/v1/accounts', { accountId: 'vn-cus-minhphat', email: 'tran.thi.binh@minhphat.vn', type: 'enterprise', billing: 'prepaid' });
    await service.asService('POST', '/v1/accounts', { accountId: 'vn-cus-anphu', email: 'le.van.an@anphu.vn', type: 'enterprise', billing: 'prepaid' });
    await service.as('partner', 'vn-ent-saoviet', 'POST', '/v1/partners', aPartner('vn-ent-saoviet').body({ language: 'en' }));
    await service.as('reviewer', undefined, 'POST', '/v1/partners/vn-ent-saoviet/approval', {});
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await receiver?.close();
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousA11yViolations(page)).toEqual([]);
  }

  it('adds a webhook, keeps the secret shown once, sees the delivery in the log, redelivers, rotates the secret and deletes it', async () => {
    const { page, context } = await newPerson(browser, 'en-GB');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url });
    await page.goto(`${service.url}/partner`);
    await signIn(page, service.url, 'partner', 'vn-ent-saoviet');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/partner\/webhooks$/);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook yet. Add one below.').waitFor();

    const form = page.getByTestId('add-webhook');
    const offered = await form.locator('input[name="eventTypes"]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('value')));
    expect([...offered].sort()).toEqual([...PARTNER_TYPES].sort());
    await form.getByText('CustomerInvited', { exact: true }).waitFor();

    // Refused on the page (no event chosen), then by the api (not an http(s) URL), each as a sentence.
    await form.getByLabel(/^URL/).fill('ftp://hooks.example.com/partner-portal');
    await form.getByRole('button', { name: 'Add the webhook' }).click();
    await form.getByText('Choose at least one event.').waitFor();
    await form.getByLabel(/^All of “Your customers”/).check();
    expect(await form.getByLabel(/^Customer invited/).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add the webhook' }).click();
    await form.getByRole('alert').getByText('The URL is not valid: use an http or https address without a user name, password or #fragment.').waitFor();
    expect(await form.getByRole('alert').getAttribute('data-code')).toBe('WEBHOOK_URL_INVALID');

    await form.getByLabel(/^URL/).fill(receiver.url);
    await form.getByRole('button', { name: 'Add the webhook' }).click();
    const box = page.getByTestId('secret-box');
    await box.getByText(/^This secret is shown only once\./).waitFor();
    const secret = await box.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await box.getByText(/Standard Webhooks library/).waitFor();
    await box.getByRole('button', { name: 'Copy the secret' }).click();
    await box.getByRole('status').getByText('The secret was copied.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    receiver.secrets = [secret];
    const row = page.getByTestId('webhooks').locator('tbody tr');
    expect(await row.count()).toBe(1);
    await row.getByText(receiver.url).waitFor();
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('active');
    await row.getByText('Active', { exact: true }).waitFor();
    const detail = page.getByTestId('webhook-detail');
    await detail.getByText('Nothing has been sent yet.').waitFor();
    await expectAccessible(page);

    // Once stored, the secret is gone: not on the page, not in the address, not in the browser's storage.
    await box.getByRole('button', { name: 'I have stored the secret' }).click();
    await box.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
    expect(await page.evaluate('JSON.stringify({ ...sessionStorage, ...localStorage })')).not.toContain(secret);

    // An invitation is refused once by the receiver (500), then delivered on the retry, signed with
    // that secret; both attempts appear in the log once refreshed, newest first.
    receiver.answerNext(500);
    await invite('tran.thi.binh@minhphat.vn', 'Minh Phát');
    const [first] = await accepted('CustomerInvited', 1);
    expect(first.payload.data).toMatchObject({ partnerId: 'vn-ent-saoviet', accountId: 'vn-cus-minhphat' });
    const logRows = detail.getByTestId('delivery-log').locator('tbody tr');
    await until(async () => {
      await detail.getByRole('button', { name: 'Refresh' }).click();
      return (await detail.locator('tbody tr[data-event-type="CustomerInvited"]').count()) >= 2;
    }, 20_000, 'both attempts in the log on screen');
    const refused = logRows.nth(1);
    expect(await refused.getAttribute('data-ok')).toBe('false');
    expect(await refused.getByTestId('status-code').textContent()).toBe('500');
    await refused.getByText('Failed', { exact: true }).waitFor();
    const delivered = logRows.first();
    expect(await delivered.getAttribute('data-ok')).toBe('true');
    expect(await delivered.getByTestId('status-code').textContent()).toBe('200');
    expect((await delivered.locator('td').nth(3).textContent())?.trim()).toBe('2');
    await delivered.getByText(first.payload.position, { exact: true }).waitFor();
    await delivered.getByText(/^\d+ ms$/).waitFor();
    const through = BigInt((await detail.getByTestId('delivery-state').locator('dd').first().textContent())!.trim());
    expect(through >= BigInt(first.payload.position)).toBe(true);
    const from = detail.getByLabel(/^From position/);
    expect(await from.inputValue()).toBe((through + 1n).toString());

    // "Redeliver from here" on the log's row sends the same event again, with the same id.
    await delivered.getByRole('button', { name: `Redeliver from here (position ${first.payload.position})` }).click();
    expect(await from.inputValue()).toBe(first.payload.position);
    await detail.getByRole('button', { name: 'Redeliver', exact: true }).click();
    await detail.getByRole('status').getByText(`Deliveries start again from position ${first.payload.position}.`).waitFor();
    const again = await accepted('CustomerInvited', 2);
    expect(again[1].id).toBe(first.id);
    await until(async () => {
      await detail.getByRole('button', { name: 'Refresh' }).click();
      return (await detail.locator('tbody tr[data-event-type="CustomerInvited"]').count()) >= 3;
    }, 20_000, 'the redelivery in the log on screen');
    await expectAccessible(page);
    await screenshot(page, 'partner-webhooks');

    // Rotation asks first, then shows the new secret once; the next delivery verifies with it alone.
    await detail.getByRole('button', { name: 'Rotate secret' }).click();
    await detail.getByRole('alert').getByText('Rotate the secret now? The new one is shown once.').waitFor();
    await detail.getByRole('button', { name: 'Yes, rotate' }).click();
    await box.getByRole('heading', { name: 'The new signing secret (version 2)' }).waitFor();
    const rotated = await box.getByLabel('Signing secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await detail.getByTestId('secret-version').getByText('2', { exact: true }).waitFor();
    receiver.secrets = [rotated];
    await invite('le.van.an@anphu.vn', 'An Phú');
    await eventually(async () => (await accepted('CustomerInvited', 3)).map((r) => r.payload.data.accountId), (ids) => ids.includes('vn-cus-anphu'), 20_000, 'the second invitation, verified with the new secret');
    await box.getByRole('button', { name: 'I have stored the secret' }).click();

    // Deletion asks first; the subscription then shows as deleted and leaves the list.
    await detail.getByRole('button', { name: 'Delete', exact: true }).click();
    await detail.getByRole('alert').getByText(`Delete this webhook? Nothing more will be sent to ${receiver.url}.`).waitFor();
    await detail.getByRole('button', { name: 'Yes, delete' }).click();
    await detail.locator('[data-state="deleted"]').getByText('Deleted').waitFor();
    await page.getByText('No webhook yet. Add one below.').waitFor();
    expect(await detail.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });

  it('speaks Vietnamese once chosen: the menu, the event labels beside their type names, and a refusal as a sentence', async () => {
    const { page, context } = await newPerson(browser, 'vi-VN');
    await page.goto(`${service.url}/partner`);
    await signIn(page, service.url, 'partner', 'vn-ent-saoviet');
    // The partner registered in English: the switcher changes it, as a person would.
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Webhook', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook', exact: true }).waitFor();
    const form = page.getByTestId('add-webhook');
    await form.getByRole('heading', { name: 'Thêm webhook' }).waitFor();
    const customers = form.getByRole('group', { name: 'Khách hàng' });
    await customers.getByLabel(/^Đã mời khách hàng/).check();
    await customers.getByText('CustomerInvited', { exact: true }).waitFor();
    await form.getByLabel(/^URL/).fill('https://user:secret@hooks.example.com/partner-portal');
    await form.getByRole('button', { name: 'Thêm webhook' }).click();
    await form.getByRole('alert').getByText('URL không hợp lệ: hãy dùng địa chỉ http hoặc https, không có tên người dùng, mật khẩu hay #phân đoạn.').waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
