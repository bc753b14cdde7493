import { ArgumentsHost, Catch, ExceptionFilter, Logger, Optional } from '@nestjs/common';
import { storeFailure, toProblem } from './problem';
import { StoreWriteMonitor } from './store-write-monitor';

/**
 * The one exception filter: every error leaves as `application/problem+json` (RFC 9457). A write
 * refused by a full store is reported to the {@link StoreWriteMonitor}, which /health reads.
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
