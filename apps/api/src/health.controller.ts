import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { Public } from '@pp/auth';
import { ApiProblems } from '@pp/platform';
import { liveness, Readiness } from './health';
const indicators: { type: 'object'; additionalProperties: SchemaObject } = {
  type: 'object',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true },
};

/** Terminus's report of GET /health: each indicator (eventStore, readModels) with its status and details. */
export class HealthReportView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' }) status!: string;
  @ApiProperty({ ...indicators, example: { eventStore: { status: 'up', headPosition: '48234496' }, readModels: { status: 'up', partnersPosition: '48234496' } }, description: 'the indicators that are up' }) info!: Record<string, unknown>;
  @ApiProperty({ ...indicators, example: {}, description: 'the indicators that are down' }) error!: Record<string, unknown>;
  @ApiProperty({ ...indicators, example: { eventStore: { status: 'up', headPosition: '48234496' }, readModels: { status: 'up', partnersPosition: '48234496' } }, description: 'every indicator' }) details!: Record<string, unknown>;
}

/** GET /health/live: the process answers. */
export class LivenessView {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status!: string;
  @ApiProperty({ example: 3600, description: 'seconds since the process started' }) uptimeSeconds!: number;
}

/**
 * The probes of an orchestrator (Kubernetes, compose's HEALTHCHECK):
 * - GET /health/live: the process answers (no store is asked): restart it when this fails.
 * - GET /health/ready, and GET /health kept as it: the event store answers and takes writes, and
 *   the read models' database answers ({@link Readiness}); 503 with the same report when not
 *   (`error` names what is down): take it out of the load balancer, do not restart it.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @Public()
  @ApiOkResponse({ type: LivenessView, description: 'the process answers' })
  @ApiProblems(500)
  live(): LivenessView {
    return liveness();
  }

  /**
   * 200 with terminus's report when every indicator is up; 503 with the same report otherwise,
   * thrown as terminus throws it: the problem filter answers a health report as itself (503), not as
   * a problem.
   */
  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOkResponse({ type: HealthReportView, description: 'every indicator is up' })
  @ApiServiceUnavailableResponse({ type: HealthReportView, description: 'an indicator is down (`error` names it; `writable: false` when the store takes no writes); the report, not a problem' })
  @ApiProblems(500)
  async ready() {
    const { ready, report } = await this.readiness.check();
    if (!ready) throw new ServiceUnavailableException(report);
    return report;
  }

  /** The same as GET /health/ready (kept for the probes configured before the split). */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ type: HealthReportView, description: 'every indicator is up' })
  @ApiServiceUnavailableResponse({ type: HealthReportView, description: 'an indicator is down; the report, not a problem' })
  @ApiProblems(500)
  check() {
    return this.ready();
  }
}
