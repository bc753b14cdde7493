import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AddressNotPublicError, classifyAddress, guardedLookup, hostOf, type HostLookup } from './url-safety';

/** What one delivery attempt came to; {@link WebhookClient.post} never throws, every failure is one of these. */
export interface DeliveryOutcome {
  /** The receiver answered 2xx. */
  readonly ok: boolean;
  /** The answer's HTTP status, null when none came (refused, timed out before the headers, ...). */
  readonly status: number | null;
  /** From the start of the attempt to its end (last byte read, or the failure), whole milliseconds. */
  readonly latencyMs: number;
  /**
   * Why the attempt failed, short and for people (`timed out after 10000 ms`, `connection refused`,
   * `redirect not followed (302 to https://…)`, `address not public (loopback)`, `HTTP 500`,
   * `aborted`); null exactly when `ok`.
   */
  readonly error: string | null;
  /** The first 256 characters of the answer's body (UTF-8), for the delivery log; null when no answer came or it was empty. */
  readonly responseExcerpt: string | null;
}

/** Options of a {@link WebhookClient}. */
export interface WebhookClientOptions {
  /** The whole exchange, connect to last byte, in ms (default 10,000). */
  timeoutMs?: number;
  /** How much of an answer is read, in bytes (default 64 KiB); past it the connection is closed. */
  maxResponseBytes?: number;
  /** Connect to loopback, private and other non-public addresses (development and tests only; default false). */
  allowPrivate?: boolean;
  /** The User-Agent header (default `partner-portal-webhooks/1`). */
  userAgent?: string;
  /** The resolver used at connect time, `dns.promises.lookup` unless a test injects one. */
  lookup?: HostLookup;
}

/** Characters of the answer kept for the delivery log. */
export const RESPONSE_EXCERPT_CHARS = 256;
/** Bytes enough for {@link RESPONSE_EXCERPT_CHARS} characters of UTF-8 (at most 4 bytes each). */
const EXCERPT_BYTES = RESPONSE_EXCERPT_CHARS * 4;

class AttemptEnded extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Posts signed webhook deliveries over node:http / node:https (not fetch: it follows redirects, and
 * its address lookup cannot be guarded without undici). Every connection goes through
 * {@link guardedLookup}, so a host that resolves to a non-public address now is refused even if it
 * was public when the subscription was made. Redirects are not followed: a 3xx is a failure (a
 * receiver could otherwise point the sender at an internal address, and the body would go to a URL
 * nobody subscribed). Connections are kept alive per origin between deliveries; {@link close}
 * ends them.
 */
export class WebhookClient {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly allowPrivate: boolean;
  private readonly userAgent: string;
  private readonly lookup: ReturnType<typeof guardedLookup>;
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(options: WebhookClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
    this.allowPrivate = options.allowPrivate ?? false;
    this.userAgent = options.userAgent ?? 'partner-portal-webhooks/1';
    this.lookup = guardedLookup(this.allowPrivate, options.lookup);
    this.agents = { 'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }), 'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }) };
  }

  /**
   * Posts `body` (a JSON text) to `url` with `headers` (the signature headers) and
   * `Content-Type: application/json`, and reports the outcome. Never throws.
   * @param options.signal aborts the attempt in flight (the projector shuts down): outcome error `aborted`.
   */
  async post(url: string, headers: Record<string, string>, body: string, options: { signal?: AbortSignal } = {}): Promise<DeliveryOutcome> {
    const started = performance.now();
    const end = (status: number | null, error: string | null, excerpt: string | null = null): DeliveryOutcome => ({
      ok: error === null,
      status,
      latencyMs: Math.round(performance.now() - started),
      error,
      responseExcerpt: excerpt === '' ? null : excerpt,
    });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return end(null, 'invalid URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return end(null, `scheme ${target.protocol} not supported`);
    const host = hostOf(target);
    // Node connects to an IP literal without calling the lookup, so the guard is applied here.
    if (!this.allowPrivate && isIP(host) !== 0) {
      const reason = classifyAddress(host);
      if (reason !== null) return end(null, new AddressNotPublicError(reason).message);
    }
    if (options.signal?.aborted) return end(null, 'aborted');

    const deadline = started + this.timeoutMs;
    let attempt = await this.exchange(target, host, headers, body, deadline, options.signal);
    // A kept-alive connection the receiver closed while idle fails at once, before anything was
    // read; a fresh connection then is what Node's documentation recommends.
    if (attempt.reusedSocketReset && performance.now() < deadline) attempt = await this.exchange(target, host, headers, body, deadline, options.signal, true);
    return end(attempt.status, attempt.error, attempt.excerpt);
  }

  /** Ends the kept-alive connections (at shutdown). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private exchange(
    target: URL,
    host: string,
    headers: Record<string, string>,
    body: string,
    deadline: number,
    signal: AbortSignal | undefined,
    freshConnection = false,
  ): Promise<{ status: number | null; error: string | null; excerpt: string | null; reusedSocketReset: boolean }> {
    return new Promise((settle) => {
      let status: number | null = null;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let readBytes = 0;
      let done = false;
      let request: ClientRequest | undefined;

      const excerpt = () => (kept.length === 0 ? null : Buffer.concat(kept).toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS));
      const finish = (error: string | null, reusedSocketReset = false) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle({ status, error, excerpt: excerpt(), reusedSocketReset });
      };
      const stop = (reason: string) => {
        if (done) return;
        request?.destroy(new AttemptEnded(reason));
        finish(reason);
      };
      const onAbort = () => stop('aborted');
      const timer = setTimeout(() => stop(`timed out after ${this.timeoutMs} ms`), Math.max(0, deadline - performance.now()));
      signal?.addEventListener('abort', onAbort, { once: true });

      const onResponse = (response: IncomingMessage) => {
        status = response.statusCode ?? null;
        response.on('data', (chunk: Buffer) => {
          if (done) return;
          const room = this.maxResponseBytes - readBytes;
          const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
          readBytes += part.length;
          if (keptBytes < EXCERPT_BYTES) {
            const piece = part.subarray(0, EXCERPT_BYTES - keptBytes);
            kept.push(piece);
            keptBytes += piece.length;
          }
          if (chunk.length >= room && !response.complete) {
            // Read no more of an answer than the limit: a receiver must not be able to tie up the
            // sender's memory or time. The answer's status is known, so the attempt stands on it.
            request?.destroy(new AttemptEnded('answer cut at the limit'));
            finish(judge(status, response));
          }
        });
        response.on('end', () => finish(judge(status, response)));
        response.on('error', (error) => finish(status === null ? describe(error) : `${describe(error)} while reading the answer`));
      };

      try {
        const module = target.protocol === 'https:' ? https : http;
        request = module.request(
          {
            method: 'POST',
            protocol: target.protocol,
            hostname: host,
            port: target.port === '' ? undefined : Number(target.port),
            path: `${target.pathname}${target.search}`,
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body, 'utf8')),
              'user-agent': this.userAgent,
            },
            lookup: this.lookup,
            agent: freshConnection ? false : this.agents[target.protocol as 'http:' | 'https:'],
          },
          onResponse,
        );
      } catch (error) {
        finish(describe(error));
        return;
      }
      request.on('error', (error) => {
        if (error instanceof AttemptEnded) return;
        const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET' && request?.reusedSocket === true && status === null;
        finish(status === null ? describe(error) : `${describe(error)} while reading the answer`, reset);
      });
      request.end(body);
    });
  }
}

/** The failure an answer stands for, null for a 2xx. */
function judge(status: number | null, response: IncomingMessage): string | null {
  if (status === null) return 'no status in the answer';
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    return `redirect not followed (${status}${location ? ` to ${location.slice(0, 200)}` : ''})`;
  }
  return `HTTP ${status}`;
}

const ERROR_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed (EAI_AGAIN)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A short sentence for a request error: its code's meaning, or the TLS complaint, or the message. */
function describe(error: unknown): string {
  if (error instanceof AddressNotPublicError) return error.message;
  const { code, message } = error as NodeJS.ErrnoException;
  if (code && ERROR_TEXT[code]) return ERROR_TEXT[code];
  if (code && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'))) return `TLS: ${String(message).slice(0, 160)}`;
  return String(message ?? error).slice(0, 200);
}
