import { HttpException } from '@nestjs/common';
import { DomainError, HTTP_STATUS_OF } from '../domain/domain-error';

/** An RFC 9457 problem document with this API's stable `code`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Codes of HTTP-level failures that carry no domain code: what the framework refuses before a
 * route runs (malformed JSON or HTTP, an over-long path segment or header block, a body too large,
 * another media type, no such route).
 */
export const CODE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
};

/** Details of framework refusals whose own message would echo the request (an 8 KB path) or say nothing. */
const DETAIL_OF_STATUS: Record<number, string> = {
  408: 'the request did not arrive in time',
  413: 'the request body is larger than the service accepts',
  414: 'a path segment is longer than the service accepts',
  431: 'the request headers are larger than the service accepts',
};

/** Node socket errors of a store that went away or is not there yet. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs of a connection lost or refused (08000, 08001, 08003, 08004, 08006) and of a
 * server shutting down or starting up (57P01-57P03). Not 08P01 (protocol violation): that is a bug.
 */
const PG_UNAVAILABLE = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
/** What node-postgres says when a connection dies under it (these errors carry no code). */
const PG_MESSAGES = /^(Connection terminated|Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;
/**
 * `@kurrent/kurrentdb-client` error types (its `ErrorType`, dist/utils/CommandError.d.ts) that mean
 * "the server is not reachable now". Not `cancelled`: a call the server cancelled is not an outage.
 */
const ESDB_TYPES = new Set(['unavailable', 'deadline-exceeded', 'not-leader']);
/**
 * The same two of gRPC's status codes on a raw grpc-js `ServiceError` (`code` a number, `details` a
 * string), which the client passes on unconverted where it fetches the server's feature list and in
 * its multi-stream append stream: 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE.
 */
const GRPC_UNAVAILABLE = new Set([4, 14]);
/**
 * A store that takes no more data: PostgreSQL's SQLSTATE 53100 `disk_full` (node-postgres and PGlite
 * alike: "could not extend file ...: No space left on device"), and the file system's own ENOSPC and
 * EDQUOT (a Node `fs` write). Not 53200 (out of memory) nor other resource errors.
 */
const FULL_CODES = new Set(['53100', 'ENOSPC', 'EDQUOT']);

/**
 * Why the store cannot serve a request for now: `unreachable` (a restart, a failover, a network
 * cut) or `full` (no space left to write: reads still work); undefined when it is something else.
 */
export type StoreFailure = 'unreachable' | 'full';

/** The one place store errors are classified: see {@link StoreFailure}; wrapped errors are judged by their `cause`. */
export function storeFailure(error: unknown): StoreFailure | undefined {
  // By shape, not `instanceof Error`: errors of Node's core and of other realms (a VM context) are Errors of another class.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, type, message, cause } = error as { code?: unknown; type?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && FULL_CODES.has(code)) return 'full';
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_UNAVAILABLE.has(code))) return 'unreachable';
  if (typeof type === 'string' && ESDB_TYPES.has(type)) return 'unreachable';
  if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code) && typeof (error as { details?: unknown }).details === 'string') return 'unreachable';
  if (typeof message === 'string' && PG_MESSAGES.test(message)) return 'unreachable';
  // Kysely and the pipeline wrap errors: look at the cause too.
  return cause !== undefined && cause !== error ? storeFailure(cause) : undefined;
}

/**
 * True when `error` says the event store or the database cannot serve for now ({@link storeFailure})
 * rather than that the request is wrong: the answer is then 503 `STORE_UNAVAILABLE` with
 * Retry-After, and the client retries with the same Idempotency-Key, which is safe even if the
 * command was written just before the connection died.
 */
export function isStoreUnavailable(error: unknown): boolean {
  return storeFailure(error) !== undefined;
}

const problemType = (code: string) => `urn:partner-portal:problem:${code.toLowerCase().replace(/_/g, '-')}`;

/**
 * Turns anything thrown while handling a request into a problem document. Domain errors keep their
 * code; Nest and Fastify HTTP errors (unknown route, body too large, malformed JSON) get one by
 * status; anything else is a 500 whose detail reveals nothing internal.
 */
export function toProblem(error: unknown, url?: string): ProblemDocument {
  // A query string may carry what must not be echoed or logged (a token in a link): never shown.
  const instance = url?.split('?')[0];
  if (error instanceof Error && 'problem' in error && error.name === 'ReplayedProblem') return (error as unknown as { problem: ProblemDocument }).problem;
  if (error instanceof DomainError) {
    const status = HTTP_STATUS_OF[error.kind];
    // Extensions first: they may add members, never replace the standard ones.
    return { ...error.extensions, type: problemType(error.code), title: TITLES[status] ?? 'Error', status, detail: error.message, code: error.code, instance };
  }
  const status = httpStatus(error);
  if (status !== undefined && status < 500) {
    const code = CODE_OF_STATUS[status] ?? 'BAD_REQUEST';
    const detail = status === 404 && !(error instanceof DomainError) ? `no route ${instance ?? ''}` : httpDetail(error, status);
    return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, instance };
  }
  const failure = storeFailure(error);
  if (failure) {
    const detail = failure === 'full' ? 'the store cannot take writes now (no space left); retry later with the same Idempotency-Key' : 'the store is unavailable for a moment; retry with the same Idempotency-Key';
    return { type: problemType('STORE_UNAVAILABLE'), title: TITLES[503], status: 503, detail, code: 'STORE_UNAVAILABLE', instance };
  }
  return { type: problemType('INTERNAL_ERROR'), title: TITLES[500], status: 500, detail: 'the request could not be completed; it has been logged', code: 'INTERNAL_ERROR', instance };
}

function httpStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function httpDetail(error: unknown, status: number): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
  }
  if (DETAIL_OF_STATUS[status]) return DETAIL_OF_STATUS[status];
  return (error as Error).message ?? 'bad request';
}
