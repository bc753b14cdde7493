// A real OpenID provider for the tests (issue 15): oidc-provider on the loopback, in a process of
// its own (it is ESM only, and jest's module loader is not), started by test/support/oidc-issuer.ts.
//
// Configuration, JSON in OIDC_ISSUER_CONFIG:
//   { port, keys: [private JWKs with kid], clients: [{ id, secret, alg, audience, claims, ttlSeconds }],
//     console?: { id, alg, audience, ttlSeconds, accounts: { [login]: claims } } }
// Each client gets access tokens by the client_credentials grant, as JWTs (RFC 9068) signed with its
// `alg`, for its `audience`, with its `claims` added (the role and account claims of the api).
// The console client (issue 15, the console's sign-in) is a public client (no secret, PKCE
// required) of the authorization code grant: it is registered once its origin is known (the
// 'console' message), with the redirect URI {origin}/sign-in/callback and the post-logout
// redirect URI {origin}/sign-in. People sign in on oidc-provider's development login page (any
// login name, any password); consent is skipped; the access token is a JWT for `audience` carrying
// the claims `accounts` gives the login (none for another login: a person the api maps to no role).
// A refresh token comes with every code, so the console can refresh.
// Messages from the parent (IPC), each answered { reply: type }:
//   { type: 'keys', keys }  the provider signs with these keys from now on and publishes them (rotation)
//   { type: 'stop' }        the port is closed: the provider is down (connections refused)
//   { type: 'start' }       listening again on the same port
//   { type: 'stats' }       answered with jwksRequests, the JWKS fetches so far
//   { type: 'console', origin } the console client is registered for the console at this origin
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_ISSUER_CONFIG ?? '{}');
const clients = new Map(config.clients.map((c) => [c.id, c]));
/** The resource indicator every token is issued for; its audience depends on the client. */
const RESOURCE = 'urn:partner-portal:api';

const consoleClient = config.console;

let issuer;
let provider;
let handler;
let currentKeys = config.keys;
/** The console's origin, once the 'console' message gave it. */
let consoleOrigin;

function consoleClientMetadata() {
  return {
    client_id: consoleClient.id,
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${consoleOrigin}/sign-in/callback`],
    post_logout_redirect_uris: [`${consoleOrigin}/sign-in`],
  };
}

const isConsole = (clientId) => consoleClient !== undefined && clientId === consoleClient.id;

function build(keys) {
  currentKeys = keys;
  provider = new Provider(issuer, {
    jwks: { keys },
    clients: [
      ...config.clients.map((c) => ({ client_id: c.id, client_secret: c.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' })),
      ...(consoleClient && consoleOrigin ? [consoleClientMetadata()] : []),
    ],
    // The built-in login page takes any login name: the account is the login.
    findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, _resource, client) => {
          const c = isConsole(client.clientId) ? consoleClient : clients.get(client.clientId);
          return { scope: 'api', audience: c.audience, accessTokenFormat: 'jwt', accessTokenTTL: c.ttlSeconds ?? 600, jwt: { sign: { alg: c.alg } } };
        },
      },
    },
    pkce: { required: () => true },
    // Only the console's origin may call the token endpoint from a browser.
    clientBasedCORS: (_ctx, origin, client) => isConsole(client.clientId) && origin === consoleOrigin,
    // No consent page: the console is the provider's own application.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!isConsole(ctx.oidc.client.clientId)) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid offline_access');
      grant.addResourceScope(RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    extraTokenClaims: (_ctx, token) => (isConsole(token.clientId) ? consoleClient.accounts?.[token.accountId] : clients.get(token.clientId)?.claims),
  });
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-issuer: ${error.stack}\n`));
  handler = provider.callback();
}

let jwksRequests = 0;
const server = createServer((req, res) => {
  if (req.url?.startsWith('/jwks')) jwksRequests += 1;
  handler(req, res);
});
const listen = (port) => new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server.address().port)));

const port = await listen(config.port ?? 0);
issuer = `http://127.0.0.1:${port}`;
build(config.keys);

process.on('message', async (message) => {
  if (message.type === 'keys') build(message.keys);
  if (message.type === 'stop') {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  }
  if (message.type === 'start') await listen(port);
  if (message.type === 'console') {
    consoleOrigin = message.origin;
    build(currentKeys);
  }
  process.send({ reply: message.type, jwksRequests });
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: issuer });
