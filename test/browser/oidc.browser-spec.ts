import type { Browser, Page } from 'playwright-core';
import { type OidcIssuerProcess, signingKey, startOidcIssuer } from '../support/oidc-issuer';
import { describeInBrowser, launchBrowser, newPerson, screenshot, seriousA11yViolations, startConsoleService, type ConsoleService } from './support/console';

/** A URI, as a resource indicator (RFC 8707) must be: the console sends it as `resource`. */
const AUDIENCE = 'urn:partner-portal:api';
const PARTNER_ACCOUNT = `vn-ent-oidc-${Date.now().toString(36)}`;
const CUSTOMER_ACCOUNT = `vn-ind-oidc-${Date.now().toString(36)}`;
const OTHER_CUSTOMER_ACCOUNT = `vn-ind-oidc2-${Date.now().toString(36)}`;

/**
 * Issue 15: the console signs in with the OpenID provider, authorization code with PKCE, against a
 * real provider (oidc-provider in a child process, its built-in login page: any login name). The
 * login names are people of the provider whose groups the api maps to roles.
 */
describeInBrowser('console: sign-in with the OpenID provider', () => {
  let idp: OidcIssuerProcess;
  let service: ConsoleService;
  let browser: Browser;
  beforeAll(async () => {
    idp = await startOidcIssuer({
      keys: [await signingKey('RS256', 'rsa-1'), await signingKey('ES256', 'ec-1')],
      clients: [],
      console: {
        id: 'pp-console',
        alg: 'ES256',
        audience: AUDIENCE,
        // Short-lived, so that the console's refresh (a quarter of the lifetime before expiry) is seen in the test.
        ttlSeconds: 8,
        accounts: {
          linh: { groups: ['everyone', 'pp-reviewers'] },
          saoviet: { groups: ['pp-partners'], account: PARTNER_ACCOUNT },
          minh: { groups: ['pp-customers'], account: CUSTOMER_ACCOUNT },
          lan: { groups: ['pp-customers'], account: OTHER_CUSTOMER_ACCOUNT },
        },
      },
    });
    service = await startConsoleService({
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_AUDIENCE: AUDIENCE,
      AUTH_OIDC_CONSOLE_CLIENT_ID: 'pp-console',
      AUTH_ROLE_CLAIM: 'groups',
      AUTH_ROLE_MAP: 'pp-reviewers=reviewer,pp-partners=partner,pp-customers=customer',
    });
    await idp.registerConsole(service.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await idp?.close();
  });

  /** On the provider's login page: any login name and password will do. */
  async function logInAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/`));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  /** Every token the provider's token endpoint gave this page (access and refresh tokens), and the grants asked for. */
  function watchTokens(page: Page): { tokens: string[]; access: string[]; grants: string[] } {
    const seen = { tokens: [] as string[], access: [] as string[], grants: [] as string[] };
    page.on('response', async (response) => {
      if (!response.url().startsWith(`${idp.issuer}/token`) || response.request().method() !== 'POST') return;
      seen.grants.push(new URLSearchParams(response.request().postData() ?? '').get('grant_type') ?? '');
      const body = (await response.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string };
      if (body.access_token) seen.access.push(body.access_token);
      for (const token of [body.access_token, body.refresh_token]) if (token) seen.tokens.push(token);
    });
    return seen;
  }

  const storage = (page: Page) => page.evaluate('JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } })') as Promise<string>;

  it('a reviewer signs in on the provider, lands on the approval queue with no token in the address or storage, and signs out at the provider', async () => {
    const { page, context } = await newPerson(browser);
    const { tokens } = watchTokens(page);
    const addresses: string[] = [];
    // Every address the tab was sent to, redirects included.
    page.on('request', (request) => request.isNavigationRequest() && addresses.push(request.url()));
    await page.goto(`${service.url}/review`);
    await page.waitForURL(/\/sign-in\?next=%2Freview/);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    // The development sign-in stays beside it outside production.
    await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-with-provider');
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'linh');

    await page.waitForURL(`${service.url}/review`);
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    await page.getByText('Signed in as Reviewer linh').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const authorization = new URL(addresses.find((a) => a.startsWith(`${idp.issuer}/auth`))!);
    expect(Object.fromEntries([...authorization.searchParams].filter(([k]) => ['response_type', 'code_challenge_method', 'client_id', 'redirect_uri', 'resource'].includes(k)))).toEqual({
      response_type: 'code',
      code_challenge_method: 'S256',
      client_id: 'pp-console',
      redirect_uri: `${service.url}/sign-in/callback`,
      resource: AUDIENCE,
    });
    const kept = await storage(page);
    for (const token of tokens) {
      expect(addresses.some((a) => a.includes(token))).toBe(false);
      expect(kept).not.toContain(token);
    }
    // The round trip's secrets are gone once the code is exchanged.
    expect(kept).not.toContain('pp.oidc.pending');
    expect(page.url()).not.toMatch(/code=|state=/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks whether to end its session too, then sends the person back to /sign-in.
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(new RegExp(`^${service.url}/sign-in`));
    await page.goto(`${service.url}/review`);
    await page.waitForURL(/\/sign-in\?next=%2Freview/);
    // Signed out at the provider too: its login page asks again.
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${idp.issuer}/`));
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  });

  it('renews the access token with the refresh token before it expires, and the screens go on with the new one', async () => {
    const { page, context } = await newPerson(browser);
    const seen = watchTokens(page);
    await page.goto(`${service.url}/review`);
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'linh');
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    // 8 s tokens: renewed about 2 s before they expire.
    const started = Date.now();
    while (seen.access.length < 2 && Date.now() - started < 20_000) await page.waitForTimeout(250);
    expect(seen.grants.slice(0, 2)).toEqual(['authorization_code', 'refresh_token']);
    const renewed = seen.access[1];
    expect(renewed).not.toBe(seen.access[0]);
    // Past the first token's expiry: still signed in, and the api is called with the new token.
    await page.waitForTimeout(Math.max(0, started + 9_000 - Date.now()));
    const call = page.waitForRequest((request) => request.url().startsWith(`${service.url}/v1/approvals`));
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('link', { name: 'Approval queue' }).click();
    const authorization = (await call).headers().authorization;
    expect(seen.access.slice(1)).toContain(authorization?.replace(/^Bearer /, ''));
    await page.getByText('Signed in as Reviewer linh').waitFor();
    expect(await storage(page)).not.toContain(renewed);
    await context.close();
  });

  it('a token the api refuses (401) signs the person out', async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/review`);
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'linh');
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    // As the api answers a token it no longer accepts.
    await page.route(`${service.url}/v1/approvals?**`, (route) =>
      route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: 'urn:partner-portal:problem:unauthenticated', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED', detail: 'token refused' }) }),
    );
    // The partners page reads the queue's partner applications: refused.
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Freview%2Fpartners/);
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).waitFor();
    expect(await page.getByText('Signed in as').count()).toBe(0);
    await context.close();
  });

  it("a partner's login lands on the partner's overview", async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'saoviet');
    await page.waitForURL(`${service.url}/partner`);
    await page.getByText(`Signed in as Partner ${PARTNER_ACCOUNT}`).waitFor();
    await context.close();
  });

  it("an invitation link's token survives the round trip through the provider", async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/customers/${CUSTOMER_ACCOUNT}/confirm#token=an-invitation-token`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(page.url()).not.toContain('an-invitation-token');
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'minh');
    await page.waitForURL(`${service.url}/customers/${CUSTOMER_ACCOUNT}/confirm`);
    await page.getByText(`Signed in as Customer ${CUSTOMER_ACCOUNT}`).waitFor();
    expect(JSON.parse(await storage(page)).session[`pp.invitation.${CUSTOMER_ACCOUNT}`]).toBe('an-invitation-token');

    // A link for another account: signing out there and back in asks the provider for a login
    // again (prompt=login), instead of reusing its session as the same person. Once only.
    await page.goto(`${service.url}/customers/${OTHER_CUSTOMER_ACCOUNT}/confirm#token=another-invitation-token`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await page.waitForURL(`${service.url}/customers/${OTHER_CUSTOMER_ACCOUNT}/confirm`);
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    const asked = page.waitForRequest((request) => request.isNavigationRequest() && request.url().startsWith(`${idp.issuer}/auth`));
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    expect(new URL((await asked).url()).searchParams.get('prompt')).toBe('login');
    await logInAtProvider(page, 'lan');
    await page.waitForURL(`${service.url}/customers/${OTHER_CUSTOMER_ACCOUNT}/confirm`);
    await page.getByText(`Signed in as Customer ${OTHER_CUSTOMER_ACCOUNT}`).waitFor();
    expect(JSON.parse(await storage(page)).session[`pp.invitation.${OTHER_CUSTOMER_ACCOUNT}`]).toBe('another-invitation-token');
    await context.close();
  });

  it('a person whose groups map to no role is told so, and is not signed in', async () => {
    const { page, context } = await newPerson(browser);
    await page.goto(`${service.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with VNG Cloud' }).click();
    await logInAtProvider(page, 'stranger');
    await page.waitForURL(`${service.url}/sign-in/callback`);
    await page.getByRole('heading', { name: 'Sign-in did not succeed' }).waitFor();
    await page.getByRole('link', { name: 'Back to the sign-in page' }).waitFor();
    expect(page.url()).toBe(`${service.url}/sign-in/callback`);
    await context.close();
  });
});
