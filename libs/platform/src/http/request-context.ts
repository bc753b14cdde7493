import { CallHandler, createParamDecorator, ExecutionContext, Inject, Injectable, NestInterceptor, Optional, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { defer, from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap, tap } from 'rxjs/operators';
import { CommandContext } from '../application/command-context';
import { withCommandReads } from '../application/command-pipeline';
import { Clock, CLOCK } from '../domain/clock';
import { DomainError } from '../domain/domain-error';
import { IdempotencyStore } from './idempotency.store';
import { ProblemDocument, toProblem } from './problem';
import { validationFailed } from './validation';
import { Metrics } from '../metrics';
import { StoreWriteMonitor } from './store-write-monitor';
import { REQUEST_ID } from './request-id';

/** The shape of the Fastify request this edge reads and decorates. */
interface EdgeRequest {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  actor?: { sub: string; role: string; account?: string };
  commandContext?: CommandContext;
}

/** A first answer that was a problem, answered again for a repeated idempotency key. */
export class ReplayedProblem extends Error {
  override readonly name = 'ReplayedProblem';
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail);
  }
}

/** The {@link CommandContext} of the current request (built by {@link RequestContextInterceptor}). */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => ctx.switchToHttp().getRequest<EdgeRequest>().commandContext!);

const header = (request: EdgeRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const SECRET_FIELDS = 'pp:answer-secret-fields';

/**
 * Marks fields of a route's answer as secrets shown once (a webhook signing secret): the
 * Idempotency-Key edge stores the first answer without them, so a secret never rests in
 * `idempotency_keys`, and a replay answers without them.
 */
export const SecretInAnswer = (...fields: string[]) => SetMetadata(SECRET_FIELDS, fields);

const withoutFields = (body: unknown, fields: readonly string[] | undefined): unknown => {
  if (!fields?.length || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !fields.includes(key)));
};
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * `x-correlation-id`: stored in the metadata of every event the request writes and echoed in the
 * answer, so bounded and safe like a request id ({@link REQUEST_ID}).
 */
export const CORRELATION_ID = REQUEST_ID;
const WAIT_FOR_FIRST_MS = 10_000;

/**
 * Builds each request's {@link CommandContext} (actor, time, correlation id: the given
 * `x-correlation-id`, else the request id; a given one that is not {@link CORRELATION_ID} is 400
 * `VALIDATION_FAILED`; causation id: the request id) and
 * applies `Idempotency-Key` (SPEC section 9): the same key and body answer the first answer again,
 * without running the command; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; a
 * request arriving while the first is still running waits for its answer. Keys are scoped to the
 * caller (role, `sub` and account), and event ids are derived from them, so even a race past this
 * check appends once.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly idempotency: IdempotencyStore,
    // Required: without it a route's secret would be stored with its answer (SecretInAnswer).
    private readonly reflector: Reflector,
    @Optional() private readonly metrics?: Metrics,
    @Optional() private readonly writes?: StoreWriteMonitor,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<EdgeRequest & { routeOptions?: { url?: string } }>();
    if (!MUTATING.has(request.method)) return this.handle(context, next);
    // One read cache per command request: each stream is read once per attempt (withCommandReads).
    const inCommand = new Observable<unknown>((subscriber) => withCommandReads(() => this.handle(context, next).subscribe(subscriber)));
    // A command that went through tells /health the store takes writes again (after a full disk).
    const handled = inCommand.pipe(tap({ next: () => this.writes?.writeSucceeded() }));
    if (!this.metrics) return handled;
    // Timed per route template (never the raw URL, whose ids would explode the series).
    const stop = this.metrics.commandSeconds.startTimer({ method: request.method, route: request.routeOptions?.url ?? 'unknown' });
    const reply = context.switchToHttp().getResponse<{ statusCode: number }>();
    return handled.pipe(
      tap({
        next: () => stop({ status: `${String(reply.statusCode)[0]}xx` }),
        error: (error: unknown) => stop({ status: `${String(toProblem(error).status)[0]}xx` }),
      }),
    );
  }

  private handle(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<EdgeRequest>();
    const reply = context.switchToHttp().getResponse<{ statusCode: number; header(name: string, value: string): unknown }>();
    const key = header(request, 'idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return throwError(() => new DomainError('VALIDATION_FAILED', 'invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters'));
    }
    const actor = request.actor;
    // The same person may act for several accounts (or roles): a key belongs to one of them.
    const scopeKey = key && actor && MUTATING.has(request.method) ? JSON.stringify([actor.role, actor.sub, actor.account ?? null, key]) : undefined;
    const givenCorrelationId = header(request, 'x-correlation-id');
    if (givenCorrelationId !== undefined && !CORRELATION_ID.test(givenCorrelationId)) {
      return throwError(() => validationFailed([{ field: 'x-correlation-id', messages: ['x-correlation-id must be 1 to 128 letters, digits or . _ : -'] }]));
    }
    // Without one, the request id (x-request-id, the log's req.id): one id from the log line to the events.
    const correlationId = givenCorrelationId ?? String(request.id ?? randomUUID());
    reply.header('x-correlation-id', correlationId);
    request.commandContext = {
      actor: actor ? { role: actor.role as CommandContext['actor']['role'], id: actor.sub, account: actor.account } : { role: 'system', id: 'anonymous' },
      now: this.clock.now(),
      correlationId,
      causationId: String(request.id ?? randomUUID()),
      idempotencyKey: scopeKey,
    };
    if (!scopeKey) return next.handle();

    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    return defer(() => from(this.awaitClaim(scopeKey, fingerprint))).pipe(
      mergeMap((claim) => {
        if ('claimedAt' in claim) {
          return next.handle().pipe(
            mergeMap((body) => {
              const stored = withoutFields(body, this.reflector.get<string[]>(SECRET_FIELDS, context.getHandler()));
              return from(this.idempotency.complete(scopeKey, { status: reply.statusCode, body: stored, problem: false }, this.clock.now()).then(() => body));
            }),
            catchError((error: unknown) => {
              const problem = toProblem(error, request.url);
              // Answers that say "try again" are not kept: the retry with the same key must run again.
              const transient = problem.status >= 500 || problem.code === 'CONCURRENCY_CONFLICT';
              const settle = transient ? this.idempotency.releaseEventually(scopeKey, claim.claimedAt) : this.idempotency.completeOrDrop(scopeKey, { status: problem.status, body: problem, problem: true }, this.clock.now());
              return from(settle).pipe(mergeMap(() => throwError(() => error)));
            }),
          );
        }
        reply.header('idempotent-replayed', 'true');
        if (claim.problem) return throwError(() => new ReplayedProblem(claim.body as ProblemDocument));
        return of(claim.body);
      }),
    );
  }

  private async awaitClaim(scopeKey: string, fingerprint: string) {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await this.idempotency.claim(scopeKey, fingerprint, this.clock.now());
      if (claim.kind === 'claimed') return { claimedAt: claim.claimedAt };
      if (claim.kind === 'done') return claim.answer;
      if (claim.kind === 'mismatch') throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'rule', 'this Idempotency-Key was used with another request; use a new key for a new request');
      if (Date.now() > deadline) throw new DomainError('IDEMPOTENCY_KEY_IN_USE', 'conflict', 'a request with this Idempotency-Key is still being processed; retry later');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
