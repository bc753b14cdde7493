import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { TOKEN_VERIFIER, TokenVerifier } from '@pp/auth';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { MailSender } from '@pp/notifications';
import { Metrics, StoreWriteMonitor } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { ServiceUnavailableException } from '@nestjs/common';
import { PROJECTION_LIST } from './projections';

/**
 * How long each readiness check (and each store question of a /metrics scrape) may take, in
 * milliseconds: a store on an unreachable host (packets dropped, not refused) would otherwise keep
 * the probe waiting for the kernel's TCP retries (about two minutes). Below the image's
 * HEALTHCHECK timeout (5 s) and the healthcheck command's own (3 s), so the probe gets the 503 with
 * the report, not a time-out of its own.
 */
export const CHECK_TIMEOUT_MS = 2_500;

/**
 * `work`, or a rejection `no answer within N ms` once `ms` milliseconds have passed (the work itself
 * goes on; the pool's `connectionTimeoutMillis` bounds it, libs/database).
 */
export async function withinTime<T>(work: Promise<T>, ms: number = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Terminus's report: `status` `ok` or `error`, and each indicator in `info` (up), `error` (down) and `details` (all). */
export type HealthReport = { status: string; info?: Record<string, unknown>; error?: Record<string, unknown>; details?: Record<string, unknown> } & Record<string, unknown>;

/**
 * The readiness checks the api (GET /health/ready, /health) and the projector (its own port) answer:
 * the event store answers and takes writes, the read models' database answers, each within
 * {@link CHECK_TIMEOUT_MS} (else down, `message: no answer within 2500 ms`). A full disk leaves
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
          headPosition = (await withinTime(this.store.headPosition())).toString();
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
          return indicator.up({ partnersPosition: (await withinTime(this.runner.checkpoint('partners'))).toString() });
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
 * then renders the registry in the text format. The store-dependent gauges are best-effort: when
 * the store does not answer (an error, or nothing within {@link CHECK_TIMEOUT_MS}) they are left out
 * of the scrape (reset, so no stale value reads as "caught up") and the runtime metrics
 * (`process_*`, `nodejs_*`) and counters are still served, with 200: an outage is when they matter.
 */
@Injectable()
export class MetricsScrape {
  constructor(
    private readonly metrics: Metrics,
    private readonly runner: ProjectionRunner,
    private readonly mail: MailSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The text exposition format (content type {@link METRICS_CONTENT_TYPE}). Never rejects for a store that is down. */
  async render(): Promise<string> {
    const { projectionPosition, projectionLag, projectionLagSeconds, mailQueue } = this.metrics;
    // Side by side: a scrape during an outage takes one bound, not two.
    await Promise.all([
      withinTime(this.projectionGauges()).catch(() => {
        for (const gauge of [projectionPosition, projectionLag, projectionLagSeconds]) gauge.reset();
      }),
      withinTime(this.mail.depth()).then(
        (depth) => {
          mailQueue.reset();
          for (const [status, n] of Object.entries(depth)) mailQueue.set({ status }, n);
        },
        () => mailQueue.reset(),
      ),
    ]);
    return this.metrics.registry.metrics();
  }

  /** Reads every figure first and sets the gauges only when all answered, so a scrape never mixes old and new. */
  private async projectionGauges(): Promise<void> {
    const head = await this.store.headPosition();
    const figures: { name: string; at: bigint; lagSeconds: number }[] = [];
    for (const p of PROJECTION_LIST) {
      const at = await this.runner.checkpoint(p.name);
      // In seconds: how long ago the oldest event it has not projected yet was committed.
      const [oldest] = head > at ? await this.store.readAll({ after: at, maxCount: 1 }) : [];
      figures.push({ name: p.name, at, lagSeconds: oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1000) : 0 });
    }
    for (const { name, at, lagSeconds } of figures) {
      this.metrics.projectionPosition.set({ projection: name }, Number(at));
      // Positions are sparse (transaction id x 65536): lag counts positions, 0 when caught up.
      this.metrics.projectionLag.set({ projection: name }, Number(head > at ? head - at : 0n));
      this.metrics.projectionLagSeconds.set({ projection: name }, lagSeconds);
    }
  }
}

/** Content type of the Prometheus text format 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
