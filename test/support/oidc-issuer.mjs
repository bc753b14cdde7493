// A real OpenID provider for the tests (issue 15): oidc-provider on the loopback, in a process of
// its own (it is ESM only, and jest's module loader is not), started by test/support/oidc-issuer.ts.
//
// Configuration, JSON in OIDC_ISSUER_CONFIG:
//   { port, keys: [private JWKs with kid], clients: [{ id, secret, alg, audience, claims, ttlSeconds }] }
// Each client gets access tokens by the client_credentials grant, as JWTs (RFC 9068) signed with its
// `alg`, for its `audience`, with its `claims` added (the role and account claims of the api).
// Messages from the parent (IPC), each answered { reply: type }:
//   { type: 'keys', keys }  the provider signs with these keys from now on and publishes them (rotation)
//   { type: 'stop' }        the port is closed: the provider is down (connections refused)
//   { type: 'start' }       listening again on the same port
//   { type: 'stats' }       answered with jwksRequests, the JWKS fetches so far
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_ISSUER_CONFIG ?? '{}');
const clients = new Map(config.clients.map((c) => [c.id, c]));
/** The resource indicator every token is issued for; its audience depends on the client. */
const RESOURCE = 'urn:partner-portal:api';

let issuer;
let provider;
let handler;

function build(keys) {
  provider = new Provider(issuer, {
    jwks: { keys },
    clients: config.clients.map((c) => ({ client_id: c.id, client_secret: c.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' })),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, _resource, client) => {
          const c = clients.get(client.clientId);
          return { scope: 'api', audience: c.audience, accessTokenFormat: 'jwt', accessTokenTTL: c.ttlSeconds ?? 600, jwt: { sign: { alg: c.alg } } };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => clients.get(token.clientId)?.claims,
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
  process.send({ reply: message.type, jwksRequests });
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: issuer });
