import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What an incoming `x-request-id` (and `x-correlation-id`) may be: bounded (a UUID is 36, a W3C
 * trace id 32 characters) and of characters safe in logs, headers and SQL text.
 */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const ID = Symbol('requestId');

/**
 * The request's one id, the same for Fastify (`request.id`), the log (nestjs-pino's `req.id`) and the
 * answer's `x-request-id`: the caller's or the proxy's `x-request-id` when it is {@link REQUEST_ID},
 * else a new UUID (an unusable id is replaced, never refused: a proxy's header must not fail
 * requests). Computed once per request and kept on the Node request, whichever asks first.
 */
export function requestIdOf(request: IncomingMessage): string {
  const kept = (request as IncomingMessage & { [ID]?: string })[ID];
  if (kept) return kept;
  const given = request.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  const id = value !== undefined && REQUEST_ID.test(value) ? value : randomUUID();
  (request as IncomingMessage & { [ID]?: string })[ID] = id;
  return id;
}

/**
 * The correlation id of a request: its `x-correlation-id` when given (validated by the request
 * context, 400 when not {@link REQUEST_ID}), else the request id, so that one id ties the log
 * line, the answer and the events the request causes together.
 * @returns undefined when the given `x-correlation-id` is unusable (the request is refused later).
 */
export function correlationIdOf(request: IncomingMessage, requestId: string): string | undefined {
  const given = request.headers['x-correlation-id'];
  const value = Array.isArray(given) ? given[0] : given;
  if (value === undefined) return requestId;
  return REQUEST_ID.test(value) ? value : undefined;
}
