import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DomainError, toProblem } from '@pp/platform';

/** Paths the api owns: never answered with the console, whatever they hold. */
const API_PREFIXES = ['/v1', '/docs', '/docs-json', '/health', '/metrics'];

/**
 * The console's content security policy: only its own scripts, styles and API (same origin), no
 * inline script or style, no framing, no form posting elsewhere, no `<base>` (docs/console.md).
 */
export const CONSOLE_CSP = consoleCsp();

/**
 * {@link CONSOLE_CSP}, with the OpenID provider's origin added to `connect-src` when the console
 * signs in with one (issue 15): the browser fetches its discovery document and its token endpoint.
 * Nothing else is widened; the authorization and end-session endpoints are navigations, which
 * `connect-src` does not govern.
 * @param issuer the issuer identifier (`AUTH_OIDC_ISSUER`); only its origin is allowed.
 */
export function consoleCsp(issuer?: string): string {
  const connect = issuer ? `'self' ${new URL(issuer).origin}` : "'self'";
  return `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`;
}

/**
 * Where the built console is: `CONSOLE_DIR`, else `apps/console/dist` of the repository. The
 * repository is found from this file (`apps/api/src/console` in ts-node and jest, `dist/apps/api/src/console` once
 * compiled), so the service finds its console whatever its working directory.
 */
export function consoleDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONSOLE_DIR) return resolve(env.CONSOLE_DIR);
  const here = __dirname;
  const root = here.includes(`${join('dist', 'apps', 'api')}`) ? resolve(here, '..', '..', '..', '..', '..') : resolve(here, '..', '..', '..', '..');
  return join(root, 'apps', 'console', 'dist');
}

function isApiPath(url: string): boolean {
  const path = url.split('?')[0];
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const problem = toProblem(error, request.url);
  void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
}

const securityHeaders = (reply: FastifyReply, csp: string): FastifyReply =>
  reply.header('content-security-policy', csp).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');

/**
 * Serves the web console (issue 14) from `dir` on the api's own origin: files as they are
 * (`/assets/*` hashed by Vite, so cached for a year; `index.html` revalidated every time), and
 * `index.html` for every other GET or HEAD outside the api's paths, so that deep links such as the
 * invitation e-mail's `/customers/{accountId}/confirm#token=...` open the console's screen.
 * Unknown `/v1/...` addresses stay 404 problem+json. Without a built console those GETs answer 503
 * `CONSOLE_NOT_BUILT` ("run npm run build"). A path segment longer than `maxParamLength` is 414
 * `URI_TOO_LONG`, as the router answers it for the api's routes. `csp` is the content security
 * policy of its answers ({@link consoleCsp}).
 */
export async function serveConsole(fastify: FastifyInstance, dir: string, maxParamLength = 1024, csp: string = CONSOLE_CSP): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  if (built) {
    await fastify.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.header('cache-control', path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.header('content-security-policy', csp);
        res.header('x-content-type-options', 'nosniff');
        res.header('referrer-policy', 'no-referrer');
        res.header('x-frame-options', 'DENY');
      },
    });
  }
  const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
    // The wildcard matches what the router refuses as a parameter: keep its 414 for an over-long segment.
    if (request.url.split('?')[0].split('/').some((segment) => segment.length > maxParamLength)) {
      return sendProblem(request, reply, Object.assign(new URIError('a path segment is longer than the service accepts'), { statusCode: 414 }));
    }
    if (isApiPath(request.url)) return sendProblem(request, reply, new DomainError('NOT_FOUND', 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
    // A hashed asset that is not there (an old page after a deploy) is missing, not a screen.
    if (request.url.startsWith('/assets/')) return sendProblem(request, reply, new DomainError('NOT_FOUND', 'not_found', `no file ${request.url.split('?')[0]}`));
    if (!built) return sendProblem(request, reply, new DomainError('CONSOLE_NOT_BUILT', 'unavailable', 'the console is not built: run npm run build'));
    securityHeaders(reply, csp).header('cache-control', 'no-cache');
    return reply.sendFile('index.html', dir);
  };
  fastify.get('/', fallback);
  fastify.get('/*', fallback);
}
