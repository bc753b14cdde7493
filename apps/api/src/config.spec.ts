import { ConfigError, loadConfig, weakSecret } from './config';

/** The lines of the ConfigError `env` is refused with. */
const refusal = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
};
const SECRET = 'a3f09c1e7b2d4865a90f1c3e5b7d9f0214e6a8c0b2d4f6e8a1c3e5b7d9f02468';

describe(loadConfig.name, () => {
  it('defaults to the embedded store, port 3000, ./data and the vngcloud program', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, dataDir: './data', eventStore: 'embedded', program: 'vngcloud', bodyLimitBytes: 1048576 });
  });

  it.each([
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PROGRAM: 'aws' }, 'PROGRAM'],
    [{ EVENT_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'eventstoredb', DATABASE_URL: 'postgres://localhost/pp' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'kurrentdb+discover://a:2113,b:2113?tls=true' }, 'DATABASE_URL'],
    [{ SIMULATED_NOW: '23/11/2026' }, 'SIMULATED_NOW'],
    [{ SIMULATED_NOW: '2026-11-23T10:00:00+07:00' }, 'SIMULATED_NOW'],
    [{ SIMULATED_NOW: '2026-11-23T03:00:00Z', NODE_ENV: 'production' }, 'SIMULATED_NOW'],
    [{ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn' }, 'AUTH_OIDC_AUDIENCE'],
    [{ AUTH_OIDC_ISSUER: 'id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp' }, 'AUTH_OIDC_ISSUER'],
    [{ AUTH_OIDC_ISSUER: 'http://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp' }, 'AUTH_OIDC_ISSUER'],
    [{ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp', AUTH_ROLE_MAP: 'pp-admins=admin' }, 'AUTH_ROLE_MAP'],
    [{ AUTH_ROLE_MAP: 'pp-reviewers=reviewer' }, 'AUTH_ROLE_MAP'],
    [{ AUTH_OIDC_AUDIENCE: 'pp' }, 'AUTH_OIDC_AUDIENCE'],
    [{ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp', AUTH_ROLE_CLAIM: 'my groups' }, 'AUTH_ROLE_CLAIM'],
    [{ AUTH_OIDC_CONSOLE_CLIENT_ID: 'pp-console' }, 'AUTH_OIDC_CONSOLE_CLIENT_ID'],
    [{ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp', AUTH_OIDC_CONSOLE_SCOPE: 'openid' }, 'AUTH_OIDC_CONSOLE_SCOPE'],
    [{ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp', AUTH_OIDC_CONSOLE_CLIENT_ID: 'pp-console', AUTH_OIDC_CONSOLE_SCOPE: 'profile' }, 'AUTH_OIDC_CONSOLE_SCOPE'],
  ])('stops on bad configuration %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('has no OpenID provider by default, and reads one with its claim mapping', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    const { oidc } = loadConfig({ AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn/realms/partners', AUTH_OIDC_AUDIENCE: 'partner-portal', AUTH_ROLE_CLAIM: 'realm_access.roles', AUTH_ROLE_MAP: 'pp-reviewers=reviewer,pp-auditors=auditor' });
    expect(oidc).toMatchObject({ issuer: 'https://id.vngcloud.vn/realms/partners', audience: 'partner-portal', roleClaim: 'realm_access.roles', accountClaim: 'account' });
    expect([...oidc!.roleMap!]).toEqual([['pp-reviewers', 'reviewer'], ['pp-auditors', 'auditor']]);
    expect(loadConfig({ AUTH_OIDC_ISSUER: 'http://127.0.0.1:8080', AUTH_OIDC_AUDIENCE: 'pp' }).oidc).toMatchObject({ roleClaim: 'role', roleMap: undefined });
  });

  it("reads the console's client at the provider, its scope openid by default", () => {
    const base = { AUTH_OIDC_ISSUER: 'https://id.vngcloud.vn', AUTH_OIDC_AUDIENCE: 'pp' };
    expect(loadConfig(base).oidc?.consoleClientId).toBeUndefined();
    expect(loadConfig({ ...base, AUTH_OIDC_CONSOLE_CLIENT_ID: 'pp-console' }).oidc).toMatchObject({ consoleClientId: 'pp-console', consoleScope: 'openid' });
    expect(loadConfig({ ...base, AUTH_OIDC_CONSOLE_CLIENT_ID: 'pp-console', AUTH_OIDC_CONSOLE_SCOPE: 'openid offline_access' }).oidc).toMatchObject({ consoleScope: 'openid offline_access' });
  });

  it('offers the development sign-in except with NODE_ENV=production', () => {
    expect(loadConfig({}).devSignIn).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).devSignIn).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).devSignIn).toBe(false);
  });

  it('requires https webhook URLs in production and allows private addresses only when told (issue 18)', () => {
    expect(loadConfig({})).toMatchObject({ webhookRequireHttps: false, webhookAllowPrivate: false, webhookTimeoutMs: 10_000, webhookSigningKey: undefined });
    expect(loadConfig({ NODE_ENV: 'production' }).webhookRequireHttps).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '2500', WEBHOOK_SIGNING_KEY: SECRET })).toMatchObject({ webhookAllowPrivate: true, webhookTimeoutMs: 2_500, webhookSigningKey: SECRET });
  });

  it('takes EventStoreDB for the log and PostgreSQL for the rest', () => {
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false', DATABASE_URL: 'postgres://postgres@db/pp', AUTH_JWT_SECRET: SECRET, INVITATION_SECRET: SECRET })).toMatchObject({
      eventStore: 'eventstoredb',
      eventStoreConnectionString: 'esdb://eventstore:2113?tls=false',
      databaseUrl: 'postgres://postgres@db/pp',
    });
  });

  it('takes a simulated start time for scenario replays', () => {
    expect(loadConfig({ SIMULATED_NOW: '2026-11-23T03:00:00Z' }).simulatedNow).toBe('2026-11-23T03:00:00Z');
    expect(loadConfig({}).simulatedNow).toBeUndefined();
  });

  describe('refusals: one line per bad variable, naming it and what it expects (issue 20)', () => {
    it.each([
      [{ PORT: 'abc' }, 'PORT="abc": expected a TCP port, a whole number from 0 to 65535'],
      [{ PORT: '70000' }, 'PORT="70000": expected a TCP port'],
      [{ PORT: '3000.5' }, 'PORT="3000.5": expected a TCP port'],
      [{ PROJECTOR_PORT: '-1' }, 'PROJECTOR_PORT="-1": expected a TCP port'],
      [{ HOST: 'every interface' }, 'HOST="every interface": expected an address to listen on'],
      [{ DATABASE_WAIT_SECONDS: 'forever' }, 'DATABASE_WAIT_SECONDS="forever": expected a whole number of seconds'],
      [{ BODY_LIMIT_BYTES: '1mb' }, 'BODY_LIMIT_BYTES="1mb": expected a whole number of bytes'],
      [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL="verbose": expected one of fatal'],
      [{ RUN_PROJECTIONS: 'yes' }, 'RUN_PROJECTIONS="yes": expected true or false'],
      [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE="mysql": expected one of embedded, postgres, eventstoredb'],
      [{ PUBLIC_URL: 'partner.example.vn' }, 'PUBLIC_URL="partner.example.vn": expected an http(s) URL'],
      [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET (value not shown): expected at least 32 characters'],
      [{ INVITATION_SECRET: 'short' }, 'INVITATION_SECRET (value not shown): expected at least 32 characters'],
      [{ DATABASE_URL: 'mysql://u:pw@db/pp' }, 'DATABASE_URL (value not shown): expected a postgres:// connection string'],
      [{ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp', INVITATION_SECRET: SECRET }, 'AUTH_JWT_SECRET: must be set when EVENT_STORE=postgres'],
      [{ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/pp', AUTH_JWT_SECRET: SECRET }, 'INVITATION_SECRET: must be set when EVENT_STORE=postgres'],
      [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'change-me-to-32-or-more-characters-please' }, 'AUTH_JWT_SECRET (value not shown): is a placeholder; with NODE_ENV=production expected a random secret'],
      [{ NODE_ENV: 'production', INVITATION_SECRET: 'change-me-too-32-or-more-characters-please' }, 'INVITATION_SECRET (value not shown): is a placeholder'],
      [{ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) }, 'AUTH_JWT_SECRET (value not shown): is too uniform'],
      [{ WEBHOOK_ALLOW_PRIVATE: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE="yes": expected true or false'],
      [{ WEBHOOK_TIMEOUT_MS: '5' }, 'WEBHOOK_TIMEOUT_MS="5": expected a whole number of milliseconds from 100 to 60000'],
      [{ WEBHOOK_SIGNING_KEY: 'short' }, 'WEBHOOK_SIGNING_KEY (value not shown): expected at least 32 characters'],
      [{ NODE_ENV: 'production', WEBHOOK_SIGNING_KEY: 'change-me-webhooks-32-or-more-characters' }, 'WEBHOOK_SIGNING_KEY (value not shown): is a placeholder'],
    ])('%j: exactly one line, %s', (env, line) => {
      const lines = refusal(env);
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(line)).toBe(true);
    });

    it('lists every bad variable at once, never a secret value', () => {
      const lines = refusal({ PORT: 'abc', AUTH_JWT_SECRET: 'hunter2', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://user:pw-hunter3@db/x' });
      expect(lines.map((l) => l.split(/[=: (]/)[0])).toEqual(['PORT', 'DATABASE_URL', 'AUTH_JWT_SECRET', 'LOG_LEVEL']);
      expect(lines.join('\n')).not.toMatch(/hunter/);
    });

    it('accepts generated secrets in production, and placeholders outside it (a laptop)', () => {
      expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, INVITATION_SECRET: SECRET.split('').reverse().join('') }).devSignIn).toBe(false);
      expect(() => loadConfig({ AUTH_JWT_SECRET: 'change-me-to-32-or-more-characters-please' })).not.toThrow();
      expect(weakSecret(SECRET)).toBeUndefined();
      expect(weakSecret('12341234123412341234123412341234')).toMatch(/uniform/);
    });

    it('listens on 127.0.0.1 by default (the image sets HOST=0.0.0.0), the projector on 3001, waits 30 s for PostgreSQL', () => {
      expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', projectorPort: 3001, databaseWaitSeconds: 30 });
      expect(loadConfig({ HOST: '0.0.0.0', PROJECTOR_PORT: '9464', DATABASE_WAIT_SECONDS: '5' })).toMatchObject({ host: '0.0.0.0', projectorPort: 9464, databaseWaitSeconds: 5 });
      expect(loadConfig({ HOST: '::' }).host).toBe('::');
    });
  });
});
