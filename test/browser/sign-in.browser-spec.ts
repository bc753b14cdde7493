import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, newPerson, seriousA11yViolations, signIn, startConsoleService, type ConsoleService } from './support/console';

describeInBrowser('console: serving, sign-in and languages', () => {
  let service: ConsoleService;
  let browser: Browser;
  beforeAll(async () => {
    service = await startConsoleService();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a deep link opens the console, asks to sign in, and comes back to it', async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/review`);
    await page.waitForURL(/\/sign-in\?next=%2Freview/);
    await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await signIn(page, service.url, 'reviewer', undefined, 'staff-1');
    expect(new URL(page.url()).pathname).toBe('/review');
    await page.getByText('Signed in as Reviewer staff-1').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });

  it('the language switcher changes every text, and remembers the choice', async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/sign-in`);
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('heading', { name: 'Đăng nhập (môi trường phát triển)' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.reload();
    await page.getByRole('heading', { name: 'Đăng nhập (môi trường phát triển)' }).waitFor();
    await context.close();
  });
});
