import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { storeFailure, toProblem } from './problem';
import { StoreWriteMonitor } from './store-write-monitor';

/**
 * A health check's 503 (terminus's `ServiceUnavailableException`, or the api's own with the same
 * shape): its response is the report, `status: 'error'` with the indicators in `details`. Without
 * this, {@link toProblem} (which keeps only statuses below 500 of an HttpException) made it a bare 500
 * `INTERNAL_ERROR` and dropped what was down.
 */
export function healthReportOf(exception: unknown): Record<string, unknown> | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return undefined;
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const report = response as { status?: unknown; details?: unknown };
  return report.status === 'error' && typeof report.details === 'object' && report.details !== null ? (response as Record<string, unknown>) : undefined;
}

/**
 * The one exception filter: every error leaves as `application/problem+json` (RFC 9457), except a
 * health check's 503, answered as its report ({@link healthReportOf}). A write refused by a full
 * store is reported to the {@link StoreWriteMonitor}, which /health reads.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Optional() private readonly writes?: StoreWriteMonitor) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url: string; method: string }>();
    type Reply = { header(name: string, value: string): Reply; send(body: unknown): void };
    const reply = http.getResponse<{ status(code: number): Reply }>();
    const report = healthReportOf(exception);
    if (report) {
      reply.status(503).header('content-type', 'application/json; charset=utf-8').header('retry-after', '5').send(report);
      return;
    }
    const problem = toProblem(exception, request.url);
    // With its stack: a bug mistaken for an outage must still be findable.
    // An outage of the identity provider is not a bug of this service: one line, no stack.
    if (problem.code === 'IDENTITY_PROVIDER_UNAVAILABLE') this.logger.warn(`${request.method} ${problem.instance ?? ''}: ${problem.detail}`);
    else if (problem.code === 'STORE_UNAVAILABLE') this.logger.warn(`${request.method} ${problem.instance ?? ''}: store unavailable: ${exception instanceof Error ? exception.stack : String(exception)}`);
    else if (problem.status >= 500) this.logger.error(`${request.method} ${problem.instance ?? ''} failed`, exception instanceof Error ? exception.stack : String(exception));
    const failure = storeFailure(exception);
    if (failure === 'full') this.writes?.writeFailed(exception);
    const sent = reply.status(problem.status).header('content-type', 'application/problem+json');
    // A full disk is not freed in a second: ask for a slower retry than for a restart.
    if (problem.status === 503) sent.header('retry-after', failure === 'full' ? '30' : '1');
    sent.send(problem);
  }
}
