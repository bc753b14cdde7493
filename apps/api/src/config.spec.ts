import { loadConfig } from './config';

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

  it('takes EventStoreDB for the log and PostgreSQL for the rest', () => {
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false', DATABASE_URL: 'postgres://postgres@db/pp' })).toMatchObject({
      eventStore: 'eventstoredb',
      eventStoreConnectionString: 'esdb://eventstore:2113?tls=false',
      databaseUrl: 'postgres://postgres@db/pp',
    });
  });

  it('takes a simulated start time for scenario replays', () => {
    expect(loadConfig({ SIMULATED_NOW: '2026-11-23T03:00:00Z' }).simulatedNow).toBe('2026-11-23T03:00:00Z');
    expect(loadConfig({}).simulatedNow).toBeUndefined();
  });
});
