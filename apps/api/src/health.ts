import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { TOKEN_VERIFIER, TokenVerifier } from '@pp/auth';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { MailSender } from '@pp/notifications';
import { Metrics, StoreWriteMonitor } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { ServiceUnavailableException } from '@nestjs/common';
import { PROJECTION_LIST } from './projections';

/** Terminus's report: `status` `ok` or `error`, and each indicator in `info` (up), `error` (down) and `details` (all). */
export type HealthReport = { status: string; info?: Record<string, unknown>; error?: Record<string, unknown>; details?: Record<string, unknown> } & Record<string, unknown>;

/**
 * The readiness checks the api (GET /health/ready, /health) and the projector (its own port) answer:
 * the event store answers and takes writes, the read models' database answers. A full disk leaves
 * reads working, so the event store is reported down (`writable: false`) while requests see their
 * writes refused ({@link StoreWriteMonitor}). With an OpenID provider, `details.identityProvider`
 * shows its keys but never makes the report `error` (docs/decisions.md, "The identity provider in /health").
 */
@Injectable()
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly writes: StoreWriteMonitor,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  /** The report and whether every indicator that counts is up (`ready`). Never throws for a store that is down. */
  async check(): Promise<{ ready: boolean; report: HealthReport }> {
    const provider = this.verifier.issuer?.probe();
    let ready = true;
    let report: HealthReport;
    try {
      report = { ...(await this.indicatorsReport()) } as HealthReport;
    } catch (error) {
      // Terminus throws its 503 with the report as the response.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      ready = false;
      report = { ...(error.getResponse() as HealthReport) };
    }
    if (provider) {
      const { state, ...rest } = await provider;
      const identityProvider = { status: state === 'up' ? 'up' : 'down', ...(state === 'unknown' ? { message: 'keys not fetched yet' } : {}), ...rest };
      report.details = { ...report.details, identityProvider };
      if (identityProvider.status === 'up') report.info = { ...report.info, identityProvider };
    }
    return { ready, report };
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

/** What GET /health/live answers: the process runs and its event loop turns; no store is asked. */
export function liveness(): { status: 'ok'; uptimeSeconds: number } {
  return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
}

/**
 * The Prometheus scrape (GET /metrics of the api, and of the projector on its own port): refreshes
 * the projection gauges (position, lag in positions and in seconds) and the mail outbox depth,
 * then renders the registry in the text format.
 */
@Injectable()
export class MetricsScrape {
  constructor(
    private readonly metrics: Metrics,
    private readonly runner: ProjectionRunner,
    private readonly mail: MailSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The text exposition format (content type {@link METRICS_CONTENT_TYPE}). */
  async render(): Promise<string> {
    const head = await this.store.headPosition();
    for (const p of PROJECTION_LIST) {
      const at = await this.runner.checkpoint(p.name);
      this.metrics.projectionPosition.set({ projection: p.name }, Number(at));
      // Positions are sparse (transaction id x 65536): lag counts positions, 0 when caught up.
      this.metrics.projectionLag.set({ projection: p.name }, Number(head > at ? head - at : 0n));
      // In seconds: how long ago the oldest event it has not projected yet was committed.
      const [oldest] = head > at ? await this.store.readAll({ after: at, maxCount: 1 }) : [];
      this.metrics.projectionLagSeconds.set({ projection: p.name }, oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1000) : 0);
    }
    this.metrics.mailQueue.reset();
    for (const [status, n] of Object.entries(await this.mail.depth())) this.metrics.mailQueue.set({ status }, n);
    return this.metrics.registry.metrics();
  }
}

/** Content type of the Prometheus text format 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
