import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), one registry per process. Names follow
 * Prometheus conventions: seconds, `_total` for counters; this service's own start with `pp_`,
 * the runtime defaults keep their standard `process_*` and `nodejs_*` names.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Latency of HTTP commands (POST, PUT, PATCH, DELETE) by route and status class, seconds. */
  readonly commandSeconds = new Histogram({
    name: 'pp_command_duration_seconds',
    help: 'Latency of commands over HTTP, by route and status class',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Appends refused for a wrong expected revision (retried by the command pipeline). */
  readonly appendConflicts = new Counter({ name: 'pp_append_conflicts_total', help: 'Appends refused for a wrong expected revision', labelNames: ['category'], registers: [this.registry] });

  /** Global position each projection has reached. */
  readonly projectionPosition = new Gauge({ name: 'pp_projection_position', help: 'Global log position a projection has reached', labelNames: ['projection'], registers: [this.registry] });

  /** How far each projection is behind the head of the log, in positions (0 when caught up). */
  readonly projectionLag = new Gauge({ name: 'pp_projection_lag_positions', help: 'Head of the log minus the projection checkpoint', labelNames: ['projection'], registers: [this.registry] });

  /**
   * How far each projection is behind, in seconds: the age of the oldest event it has not
   * projected yet (0 when caught up). Comparable across stores, unlike positions.
   */
  readonly projectionLagSeconds = new Gauge({ name: 'pp_projection_lag_seconds', help: 'Age of the oldest event a projection has not projected yet, seconds (0 when caught up)', labelNames: ['projection'], registers: [this.registry] });

  /**
   * Seconds the projector took to apply one page of the log that concerned some projection: its
   * one transaction, from `begin` to `commit` (issue 16: what of a projection's lag is its own work,
   * and what is waiting for the log).
   */
  readonly projectionPageSeconds = new Histogram({
    name: 'pp_projection_page_duration_seconds',
    help: 'Time to apply one page of the log to the projections it concerns, one transaction, seconds',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  /** Events in each page the projector applied (of every type, the page as read). */
  readonly projectionPageEvents = new Histogram({
    name: 'pp_projection_page_events',
    help: 'Events in each page of the log the projector applied',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  /** E-mail outbox rows by status (pending is the queue). */
  readonly mailQueue = new Gauge({ name: 'pp_mail_outbox', help: 'E-mail outbox rows by status', labelNames: ['status'], registers: [this.registry] });

  constructor() {
    // No prefix: the runtime's own keep prom-client's standard names (process_cpu_seconds_total,
    // nodejs_eventloop_lag_seconds...), which stock Node.js dashboards and alerts look for.
    // The event-loop delay is sampled every 100 ms, not prom-client's 10: its 100 wake-ups a second
    // were most of an idle process's CPU (issue 16, bench/README.md). A stall of 100 ms or more
    // always shows in the histogram; shorter ones in proportion to their length.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
  }
}

/** Stream category for metric labels: `partner-x` -> `partner` (never an id, which would explode the series). */
export const streamCategory = (streamId: string) => streamId.split('-')[0];
