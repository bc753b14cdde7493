import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { toProblem } from './problem';

/** The one exception filter: every error leaves as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url: string; method: string }>();
    type Reply = { header(name: string, value: string): Reply; send(body: unknown): void };
    const reply = http.getResponse<{ status(code: number): Reply }>();
    const problem = toProblem(exception, request.url);
    // With its stack: a bug mistaken for an outage must still be findable.
    if (problem.code === 'STORE_UNAVAILABLE') this.logger.warn(`${request.method} ${problem.instance ?? ''}: store unavailable: ${exception instanceof Error ? exception.stack : String(exception)}`);
    else if (problem.status >= 500) this.logger.error(`${request.method} ${problem.instance ?? ''} failed`, exception instanceof Error ? exception.stack : String(exception));
    const sent = reply.status(problem.status).header('content-type', 'application/problem+json');
    if (problem.status === 503) sent.header('retry-after', '1');
    sent.send(problem);
  }
}
