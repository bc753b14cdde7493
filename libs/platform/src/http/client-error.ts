import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { toProblem } from './problem';

/** Node's HTTP parser errors that have a status of their own; any other is a malformed request (400). */
const STATUS_OF_PARSER_ERROR: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answers a request Node's HTTP parser refused before any framework saw it (headers over
 * `maxHeaderSize`, 16 KiB by default: 431; a request that timed out: 408; bytes that are not HTTP:
 * 400) with a problem+json document, written straight to the socket, which is then closed.
 * Fastify's own answer there is plain JSON. For Fastify's `clientErrorHandler` option.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // The peer is gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = STATUS_OF_PARSER_ERROR[error.code ?? ''] ?? 400;
  const problem = toProblem({ statusCode: status, message: 'the request is not well-formed HTTP' });
  const body = JSON.stringify(problem);
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
