import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { toProblem } from './problem';

/** The one exception filter: every error leaves as `application/problem+json` (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url: string; method: string }>();
    const reply = http.getResponse<{ status(code: number): { header(name: string, value: string): { send(body: unknown): void } } }>();
    const problem = toProblem(exception, request.url);
    if (problem.status >= 500) this.logger.error(`${request.method} ${problem.instance ?? ''} failed`, exception instanceof Error ? exception.stack : String(exception));
    reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}
