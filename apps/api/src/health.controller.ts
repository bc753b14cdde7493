import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public, TOKEN_VERIFIER, TokenVerifier } from '@pp/auth';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { ApiProblems, StoreWriteMonitor } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';

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

/**
 * GET /health: ready when the event store and the read models' database answer (the store's head
 * position is shown) and the store takes writes: a full disk leaves reads working, so the event
 * store is reported down (`writable: false`) while requests see their writes refused for lack of
 * space ({@link StoreWriteMonitor}).
 *
 * With an OpenID provider configured, `details.identityProvider` shows its keys (`up`, how many,
 * when fetched) or why they cannot be fetched (`down`). It never makes /health 503
 * (docs/decisions.md, "The identity provider in /health"): the api still serves internal HS256
 * callers and the provider tokens whose keys it holds, and taking every instance out of a load
 * balancer because another service is down would turn that outage into a full one.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly writes: StoreWriteMonitor,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /**
   * 200 with terminus's report when every indicator is up; 503 with the same report (`error` names
   * what is down) otherwise. Terminus throws its 503, which the problem filter would turn into a
   * bare 500: the report is answered here instead.
   */
  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ type: HealthReportView, description: 'every indicator is up' })
  @ApiServiceUnavailableResponse({ type: HealthReportView, description: 'an indicator is down (`error` names it; `writable: false` when the store takes no writes); the report, not a problem' })
  @ApiProblems(500)
  async check(@Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    const provider = this.verifier.issuer?.probe();
    let report: Record<string, unknown>;
    try {
      report = { ...(await this.indicatorsReport()) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503);
      report = { ...(error.getResponse() as Record<string, unknown>) };
    }
    if (provider) {
      const { state, ...rest } = await provider;
      const identityProvider = { status: state === 'up' ? 'up' : 'down', ...(state === 'unknown' ? { message: 'keys not fetched yet' } : {}), ...rest };
      report.details = { ...(report.details as object), identityProvider };
      if (identityProvider.status === 'up') report.info = { ...(report.info as object), identityProvider };
    }
    return report;
  }

  private indicatorsReport() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('eventStore');
        let headPosition: string;
        try {
          headPosition = (await this.store.headPosition()).toString();
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
        const refusal = this.writes.refusal();
        if (refusal) return indicator.down({ headPosition, writable: false, message: `writes are refused: no space left on the store (${refusal.code})`, ...refusal });
        return indicator.up({ headPosition });
      },
      async () => {
        const indicator = this.indicators.check('readModels');
        try {
          return indicator.up({ partnersPosition: (await this.runner.checkpoint('partners')).toString() });
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
