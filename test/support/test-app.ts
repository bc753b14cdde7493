import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken, Role } from '@pp/auth';
import { dropSchema } from '@pp/database';
import { testSchema } from '@pp/database/testing/postgres-test';
import { madeOncePerRun } from '@pp/database/testing/run-cache';
import { EventStore } from '@pp/event-store';
import { FixedClock } from '@pp/platform';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { AppConfig } from '../../apps/api/src/config';
import { anAccount, aPartner, TEST_NOW } from './builders';
import { eventually } from './wait';

export { TEST_NOW };

/** A running api on a fresh store, driven through Fastify's inject (no port), with a fixed clock. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly clock: FixedClock;
  readonly secret: string;
  readonly dataDir: string;
  /** Every route Fastify registered while the app was initialised (method and URL pattern, e.g. `/v1/partners/:partnerId`). */
  readonly routes: ReadonlyArray<{ method: string; url: string }>;
  /** An HS256 token signed with {@link secret}, valid 12 hours. */
  token(role: Role, sub: string, account?: string): Promise<string>;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

let template: Promise<string> | undefined;

/**
 * A closed, migrated PGlite folder to copy (issue 19): creating PGlite and running every migration
 * cost seconds per test app on a busy machine; copying the folder costs milliseconds. Made once per
 * test run ({@link madeOncePerRun}) with the first caller's configuration (migrations do not depend
 * on it).
 */
function embeddedTemplate(config: AppConfig): Promise<string> {
  template ??= madeOncePerRun('pglite-migrated', async (path) => {
    // Beside `path`, on its file system: the cluster is moved into it.
    const dir = mkdtempSync(`${path}-data-`);
    try {
      const app = await createApp({ ...config, dataDir: dir, logLevel: 'silent' }, { clock: new FixedClock(TEST_NOW) });
      await app.init();
      await app.close();
      renameSync(join(dir, 'pglite'), path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return template;
}

/**
 * Starts the api on an embedded PGlite store in a temporary folder, or on PostgreSQL in a fresh
 * schema; with `store: 'eventstoredb'` the read models are in that schema and the log is at
 * `EVENTSTORE_CONNECTION_STRING`, or in `eventStore` when given (a log outside the database).
 */
export async function startTestApp(
  options: {
    store?: 'embedded' | 'postgres' | 'eventstoredb';
    /** The log, in place of the configured store (with `store: 'eventstoredb'`: the topology without a server). */
    eventStore?: EventStore;
    databaseUrl?: string;
    config?: Partial<AppConfig>;
    /** Reuse a data folder (a restart); it is then left in place on close. */
    dataDir?: string;
    secret?: string;
    clock?: FixedClock;
    logDestination?: NodeJS.WritableStream;
  } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pp-e2e-'));
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const schema = options.store === 'postgres' || options.store === 'eventstoredb' ? testSchema('e2e') : undefined;
  const config: AppConfig = {
    port: 0,
    dataDir,
    eventStore: options.store ?? 'embedded',
    databaseUrl: options.databaseUrl,
    databaseSchema: schema,
    eventStoreConnectionString: options.store === 'eventstoredb' ? (process.env.EVENTSTORE_CONNECTION_STRING ?? 'kurrentdb://unused') : undefined,
    program: 'vngcloud',
    jwtSecret: secret,
    invitationSecret: `${secret}-invitations`,
    bodyLimitBytes: 64 * 1024,
    // Queries with minPosition wait for their read model up to this; generous, as CI's cores are often busy (a test of the 503 sets its own).
    readWaitMs: 30_000,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    runProjections: true,
    publicUrl: 'https://partner.example.vn',
    reactorIntervalMs: 50,
    devSignIn: true,
    projectionBatchSize: 500,
    ...options.config,
  };
  const clock = options.clock ?? new FixedClock(TEST_NOW);
  // A new embedded store starts as a copy of the worker's migrated one; a given data folder (a restart) is used as it is.
  if (config.eventStore === 'embedded' && !options.dataDir && !options.eventStore) cpSync(await embeddedTemplate(config), join(dataDir, 'pglite'), { recursive: true });
  const app = await createApp(config, { clock, logDestination: options.logDestination, eventStore: options.eventStore });
  const routes: Array<{ method: string; url: string }> = [];
  // Nest registers its controllers' routes during init: the hook sees each of them.
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    clock,
    secret,
    dataDir,
    routes,
    token: (role, sub, account) => mintToken({ role, sub, account }, secret),
    async request(method, url, { token, body, headers = {} } = {}) {
      const response = await app.inject({
        method,
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = response.body;
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.statusCode, body: parsed, headers: response.headers };
    },
    async close() {
      await app.close();
      if (schema && options.databaseUrl) await dropSchema(options.databaseUrl, schema);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the HTTP helpers below need of an api: a {@link TestApp}, or {@link httpClient} of a started process. */
export type TestClient = Pick<TestApp, 'token' | 'request'>;

/**
 * A {@link TestClient} over real HTTP, for an api started as a process of its own (`startService`)
 * at `baseUrl` (`http://127.0.0.1:PORT`), minting tokens with its `AUTH_JWT_SECRET`.
 */
export function httpClient(baseUrl: string, secret: string): TestClient {
  return {
    token: (role, sub, account) => mintToken({ role, sub, account }, secret),
    async request(method, url, { token, body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers) };
    },
  };
}

/** Test data: a random account id and e-mail, so tests never collide (see {@link anAccount}). */
export function newAccount(type: 'enterprise' | 'individual' = 'enterprise', billing: 'prepaid' | 'postpaid' = 'prepaid') {
  return anAccount().ofType(type).billed(billing).body();
}

/** A valid partner application body, with a business licence number of its own (they are unique; see {@link aPartner}). */
export function partnerApplication(overrides: Record<string, unknown> = {}) {
  return aPartner().body(overrides);
}

/**
 * The invitation token sent to an address, read from the .eml files the service wrote (the
 * customer's only way to learn it). Waits for the mail sender, up to 10 s.
 */
export async function invitationTokenFor(t: TestApp, email: string): Promise<string> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const folder = join(t.dataDir, 'mail');
  const find = (): { token?: string; mails: number } => {
    let files: string[];
    try {
      files = readdirSync(folder).filter((f) => f.endsWith('.eml')).sort().reverse();
    } catch {
      return { mails: 0 };
    }
    for (const file of files) {
      const text = readFileSync(join(folder, file), 'utf8');
      const unfolded = text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      if (!new RegExp(`^To: ${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'mi').test(text)) continue;
      const match = /token=([A-Za-z0-9_-]{20,})/.exec(unfolded);
      if (match) return { token: match[1], mails: files.length };
    }
    return { mails: files.length };
  };
  // Projection, outbox and sender (polling every 50 ms here): well under a second on an idle machine.
  return (await eventually(find, (r) => r.token !== undefined, 10_000, `an invitation mail to ${email} in ${folder}`)).token!;
}

/** Registers an account (and optionally its standing) through the API; returns it. */
export async function registeredAccount(t: TestClient, overrides: Partial<ReturnType<typeof newAccount>> = {}, standing?: Record<string, unknown>) {
  const service = await t.token('service', 'identity-svc');
  const account = { ...newAccount(), ...overrides };
  const r = await t.request('POST', '/v1/accounts', { token: service, body: account });
  if (r.status !== 201) throw new Error(`account not registered: ${JSON.stringify(r.body)}`);
  if (standing) {
    const s = await t.request('PUT', `/v1/accounts/${account.accountId}/standing`, {
      token: service,
      body: { creditBalance: '0', usesServices: false, hasDiscount: false, onPoc: false, isProviderCustomer: false, ...standing },
    });
    if (s.status !== 200) throw new Error(`standing not recorded: ${JSON.stringify(s.body)}`);
  }
  return account;
}

/** An approved partner, ready to add customers: its account, a partner token, the position written. */
export async function approvedPartner(t: TestClient, language = 'vi') {
  const account = await registeredAccount(t);
  const token = await t.token('partner', account.email, account.accountId);
  const r = await t.request('POST', '/v1/partners', { token, body: partnerApplication({ language, contact: { name: `Contact ${account.accountId}`, email: `contact-${account.email}`, phone: '+84 28 3822 1234' } }) });
  if (r.status !== 201) throw new Error(`partner not registered: ${JSON.stringify(r.body)}`);
  const a = await t.request('POST', `/v1/partners/${account.accountId}/approval`, { token: await t.token('reviewer', 'staff'), body: {} });
  if (a.status !== 200) throw new Error(`partner not approved: ${JSON.stringify(a.body)}`);
  return { account, partnerId: account.accountId, token, position: a.body.position as string };
}

/** An approved customer of `partner` (invited, confirmed, approved by a reviewer); returns the account and the approval's position. */
export async function approvedCustomer(t: TestApp, partner: { partnerId: string; token: string }) {
  const customer = await registeredAccount(t);
  const add = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: customer.accountId }] } });
  if (add.body.rows?.[0]?.result !== 'invited') throw new Error(`customer not invited: ${JSON.stringify(add.body)}`);
  const token = await invitationTokenFor(t, customer.email);
  const confirmed = await t.request('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: await t.token('customer', customer.email, customer.accountId), body: { token } });
  if (confirmed.status !== 200) throw new Error(`customer not confirmed: ${JSON.stringify(confirmed.body)}`);
  const approved = await t.request('POST', `/v1/customers/${customer.accountId}/approval`, { token: await t.token('reviewer', 'staff'), body: {} });
  if (approved.status !== 200) throw new Error(`customer not approved: ${JSON.stringify(approved.body)}`);
  return { ...customer, position: approved.body.position as string };
}
