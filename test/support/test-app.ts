import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken, Role } from '@pp/auth';
import { dropSchema } from '@pp/database';
import { testSchema } from '@pp/database/testing/postgres-test';
import { FixedClock } from '@pp/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { AppConfig } from '../../apps/api/src/config';

/** A running api on a fresh store, driven through Fastify's inject (no port), with a fixed clock. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly clock: FixedClock;
  readonly secret: string;
  token(role: Role, sub: string, account?: string): string;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Monday 2026-11-23 10:00 in Hanoi. */
export const TEST_NOW = new Date('2026-11-23T03:00:00.000Z');

/** Starts the api on an embedded PGlite store in a temporary folder, or on PostgreSQL in a fresh schema. */
export async function startTestApp(options: { store?: 'embedded' | 'postgres'; databaseUrl?: string; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-e2e-'));
  const secret = randomBytes(32).toString('hex');
  const schema = options.store === 'postgres' ? testSchema('e2e') : undefined;
  const config: AppConfig = {
    port: 0,
    dataDir,
    eventStore: options.store ?? 'embedded',
    databaseUrl: options.databaseUrl,
    databaseSchema: schema,
    program: 'vngcloud',
    jwtSecret: secret,
    bodyLimitBytes: 64 * 1024,
    readWaitMs: 5_000,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    runProjections: true,
    publicUrl: 'https://partner.example.vn',
    reactorIntervalMs: 50,
    ...options.config,
  };
  const clock = new FixedClock(TEST_NOW);
  const app = await createApp(config, { clock });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    clock,
    secret,
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
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Test data: a random account id and e-mail, so tests never collide. */
export function newAccount(type: 'enterprise' | 'individual' = 'enterprise', billing: 'prepaid' | 'postpaid' = 'prepaid') {
  const id = `acc-${randomUUID().slice(0, 8)}`;
  return { accountId: id, email: `${id}@example.vn`, type, billing };
}

/** A valid partner application body. */
export function partnerApplication(overrides: Record<string, unknown> = {}) {
  return {
    language: 'vi',
    termsVersion: '2023-07',
    acceptTerms: true,
    partnerType: 'reseller',
    company: { legalName: 'Công ty Cổ phần Công nghệ Sao Việt', businessLicenseNo: '0312345678', registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true },
    contact: { name: 'Trần Quốc Huy', email: 'huy.tq@saoviet.vn', phone: '+84 28 3822 1234' },
    bank: { bankName: 'BIDV', branch: 'Chi nhánh Sài Gòn', accountName: 'CONG TY CO PHAN CONG NGHE SAO VIET', accountNumber: '31410001234567' },
    ...overrides,
  };
}
