import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@pp/auth';
import { METRICS_CONTENT_TYPE, MetricsScrape } from './health';

/**
 * GET /metrics in the Prometheus text format: command latency, append conflicts, projection
 * position and lag (positions and seconds), e-mail outbox depth, and the process's own under the
 * standard prom-client names (`process_*`, `nodejs_*`).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly scrape: MetricsScrape) {}

  @Get()
  @Public()
  @Header('content-type', METRICS_CONTENT_TYPE)
  render(): Promise<string> {
    return this.scrape.render();
  }
}
