import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@pp/auth';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { MailSender } from '@pp/notifications';
import { Metrics } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { PROJECTION_LIST } from './projections';

/**
 * GET /metrics in the Prometheus text format: command latency, append conflicts, projection
 * position and lag, e-mail outbox depth, and the process's own (memory, event loop).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly runner: ProjectionRunner,
    private readonly mail: MailSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    const head = await this.store.headPosition();
    for (const p of PROJECTION_LIST) {
      const at = await this.runner.checkpoint(p.name);
      this.metrics.projectionPosition.set({ projection: p.name }, Number(at));
      // Positions are sparse (transaction id x 65536): lag counts positions, 0 when caught up.
      this.metrics.projectionLag.set({ projection: p.name }, Number(head > at ? head - at : 0n));
    }
    this.metrics.mailQueue.reset();
    for (const [status, n] of Object.entries(await this.mail.depth())) this.metrics.mailQueue.set({ status }, n);
    return this.metrics.registry.metrics();
  }
}
