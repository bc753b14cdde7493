import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mailText, isAddressedTo } from '../../../scripts/scenario/eml';
import { emlFiles } from '../../../scripts/scenario/mailbox';
import { startService, stopService, until, type ServiceProcess } from '../../support/processes';
import { loadFactor } from '../../support/wait';

/** Debian's Chromium (issue 14: `apt-get install -y chromium`); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags these machines need: headless, no sandbox as root, and no background networking (the
 * closed network refuses Chromium's own connections, many at a time, otherwise).
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why the browser tests cannot run here, or undefined when they can. Under `CI=true` a missing
 * browser or an unbuilt console is an error, not a skip (.ci/run installs Chromium).
 */
export function browserUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (!existsSync('apps/console/dist/index.html')) return 'the console is not built (npm run build)';
  if (!existsSync('dist/apps/api/src/main.js')) return 'the api is not built (npm run build)';
  return undefined;
}

/** `describe`, or `describe.skip` with the reason printed, so a machine without Chromium reports skipped, never passed. */
export function describeInBrowser(name: string, body: () => void): void {
  const reason = browserUnavailable();
  if (reason && process.env.CI === 'true') throw new Error(`browser tests cannot run under CI=true: ${reason}`);
  if (reason) {
    process.stdout.write(`SKIPPED ${name}: ${reason}\n`);
    describe.skip(`${name} (skipped: ${reason})`, body);
    return;
  }
  describe(name, body);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh service on the embedded store, as `npm start` runs it, in a data folder of its own. */
export interface ConsoleService {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ServiceProcess;
  /** Sends a command as an internal service would (accounts come from the provider's identity service, not from a screen). */
  asService<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Sends a request with a development token of `role` (and `account`): the steps other screens' tests cover. */
  as<T = unknown>(role: string, account: string | undefined, method: string, path: string, body?: unknown): Promise<T>;
  /** The newest mail to `email` holding `pattern`, decoded, waiting up to `waitMs` for the mail reactor. */
  mailTo(email: string, pattern: RegExp, waitMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the compiled api (`dist/apps/api/src/main.js`) with the console, on the embedded store in a
 * temporary folder. `env` adds variables (PROGRAM, SIMULATED_NOW; DATA_DIR to restart on an earlier
 * service's folder, which stop() then leaves in place).
 * @throws Error with the service's output when it does not answer /health within 60 s.
 */
export async function startConsoleService(env: Record<string, string> = {}): Promise<ConsoleService> {
  // `env.DATA_DIR` restarts on a folder of an earlier service (kept on stop), e.g. with another SIMULATED_NOW.
  const ownDir = env.DATA_DIR === undefined;
  const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'pp-console-')));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService('api', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'development', EVENT_STORE: 'embedded', DATABASE_URL: '', ...env }, { compiled: true });
  try {
    await until(async () => {
      if (service.child.exitCode !== null) throw new Error(`the api exited:\n${service.output()}`);
      return fetch(`${url}/health`).then((r) => r.ok, () => false);
    }, 60_000, () => `the api on ${url} to answer /health (output so far: ${service.output().slice(-400)})`);
  } catch (error) {
    await stopService(service);
    throw error;
  }
  let serviceToken: string | undefined;
  const asService = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    serviceToken ??= ((await (await fetch(`${url}/v1/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'service', sub: 'identity-svc' }) })).json()) as { accessToken: string }).accessToken;
    const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const as = async <T,>(role: string, account: string | undefined, method: string, path: string, body?: unknown): Promise<T> => {
    const signed = await fetch(`${url}/v1/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, account, sub: account ?? `${role}-1` }) });
    const { accessToken } = (await signed.json()) as { accessToken: string };
    const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${role} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const mailTo = async (email: string, pattern: RegExp, waitMs = 20_000): Promise<string> => {
    let found: string | undefined;
    await until(async () => {
      const candidates: Array<{ mtime: number; text: string }> = [];
      for (const path of await emlFiles(join(dataDir, 'mail'))) {
        const eml = await readFile(path, 'utf8');
        if (!isAddressedTo(eml, email)) continue;
        const text = mailText(eml);
        if (pattern.test(text)) candidates.push({ mtime: (await stat(path)).mtimeMs, text });
      }
      candidates.sort((a, b) => a.mtime - b.mtime);
      found = candidates.at(-1)?.text;
      return found !== undefined;
    }, waitMs, `a mail to ${email} matching ${pattern}`);
    return found!;
  };
  return {
    url,
    dataDir,
    process: service,
    asService,
    as,
    mailTo,
    stop: async () => {
      await stopService(service);
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with the flags above; Playwright gives each launch a fresh, empty profile (user-data dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A new browser context (cookies, storage) as a new person, in `locale`. */
export async function newPerson(browser: Browser, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  // What a screen needs on an idle machine (a few seconds at most), scaled by the machine's load now.
  page.setDefaultTimeout(Math.round(20_000 * loadFactor()));
  return { context, page };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility violation as axe-core reports it. */
export interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on what the page shows now.
 * @returns the serious and critical violations, for `expect(...).toEqual([])`: empty means none.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the console's content security policy (no inline
  // scripts) stays on while the checker runs.
  await page.evaluate(axeSource);
  // A string, not a function: this file is compiled without the DOM's types.
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/**
 * Saves a screenshot of the page under `test-results/screenshots/`, and under `docs/screenshots/`
 * when `UPDATE_SCREENSHOTS=1` (the README shows those; a normal run leaves the tree unchanged).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folders = ['test-results/screenshots', ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs/screenshots'] : [])];
  for (const folder of folders) {
    await mkdir(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }
}

/** Signs in through the development sign-in screen, as a person would: role, account, the button. */
export async function signIn(page: Page, url: string, role: 'partner' | 'customer' | 'reviewer' | 'auditor', account?: string, subject?: string): Promise<void> {
  // A page opened on a protected address is sent to the sign-in page once the console has loaded.
  if (page.url().startsWith(url)) await page.waitForURL(/\/sign-in/);
  else await page.goto(`${url}/sign-in`);
  await page.getByLabel(/^(Role|Vai trò|角色)/).selectOption(role);
  if (account) await page.getByLabel(/^(Account|Tài khoản|账号)/).fill(account);
  if (subject) await page.getByLabel(/^(Your name or staff id|Tên hoặc mã nhân viên|您的姓名)/).fill(subject);
  await page.getByRole('button', { name: /^(Sign in|Đăng nhập|登录)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/**
 * Through the api, as each role would: the partner `vn-ent-saoviet` (Sao Việt) applied in `language`
 * and approved, and its customer `vn-cus-minhphat` (Minh Phát) invited, confirmed with the token of
 * the invitation mail and approved. The steps before a screen under test; other screens test them.
 */
export async function partnerWithApprovedCustomer(service: ConsoleService, language: string, partnerApplication: Record<string, unknown>): Promise<void> {
  await service.asService('POST', '/v1/accounts', { accountId: 'vn-ent-saoviet', email: 'admin@saoviet.vn', type: 'enterprise', billing: 'prepaid' });
  await service.asService('POST', '/v1/accounts', { accountId: 'vn-cus-minhphat', email: 'tran.thi.binh@minhphat.vn', type: 'enterprise', billing: 'prepaid' });
  await service.as('partner', 'vn-ent-saoviet', 'POST', '/v1/partners', { ...partnerApplication, language });
  await service.as('reviewer', undefined, 'POST', '/v1/partners/vn-ent-saoviet/approval', {});
  await service.as('partner', 'vn-ent-saoviet', 'POST', '/v1/partners/vn-ent-saoviet/customers', { customers: [{ email: 'tran.thi.binh@minhphat.vn', commonName: 'Minh Phát' }] });
  const mail = await service.mailTo('tran.thi.binh@minhphat.vn', /confirm#token=/);
  const token = /confirm#token=([A-Za-z0-9_-]+)/.exec(mail)![1];
  await service.as('customer', 'vn-cus-minhphat', 'POST', '/v1/customers/vn-cus-minhphat/confirmation', { token });
  await service.as('reviewer', undefined, 'POST', '/v1/customers/vn-cus-minhphat/approval', {});
}
