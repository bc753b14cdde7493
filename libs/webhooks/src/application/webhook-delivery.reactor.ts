import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database, DATABASE, sql } from '@pp/database';
import { EVENT_STORE, EventStore, hasSameDatabaseLog, RecordedEvent } from '@pp/event-store';
import { CLOCK, Clock, CommandContext } from '@pp/platform';
import { ActiveReactor, EVERY_PAGE, Reactor, tickingReactor } from '@pp/read-store';
import { Selectable } from 'kysely';
import { WEBHOOK_FAILING_AFTER_MS } from '../domain/webhook.events';
import { secretFingerprint, signHeaders } from '../delivery/signing';
import { DeliveryOutcome, WebhookClient } from '../delivery/webhook-client';
import { PublicEvent, toPublicEvent } from '../public-events/public-event';
import { WebhookCursorsTable, WebhookSubscriptionsTable } from '../projections/webhooks.projection';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';
import { WebhookStream } from './webhook-stream';

/** Longest wait between two attempts at one event: an hour. */
export const WEBHOOK_MAX_RETRY_DELAY_MS = 3600_000;

/**
 * Delay before the next attempt after `attempts` failures in a row: 5 s doubling, at most
 * {@link WEBHOOK_MAX_RETRY_DELAY_MS}, with "equal jitter" (half fixed, half random) so that
 * receivers coming back are not hit by every sender at once. `random` in [0, 1).
 */
export const webhookRetryDelayMs = (attempts: number, random: number = Math.random()) => {
  const base = Math.min(WEBHOOK_MAX_RETRY_DELAY_MS, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (base / 2) * random);
};

/** Events read a page, per subscription. */
const PAGE = 100;

/** Pumps running at once: each holds at most one connection at a time, and the pool is shared with the projections. */
export const MAX_PUMPS = 16;

/** The delivery log keeps 30 days of attempts. */
export const DELIVERY_LOG_RETENTION_MS = 30 * 24 * 3600_000;

type Due = Selectable<WebhookSubscriptionsTable> & Selectable<Pick<WebhookCursorsTable, 'generation' | 'attempts' | 'failing_since'>> & { cursor: unknown };

/**
 * Delivers the log to webhook subscribers (issue 18): at least once, in log order per
 * subscription, each event signed by the Standard Webhooks scheme with its event id as
 * `webhook-id` (the receiver's idempotency key: a retry, a redelivery or a crash between the
 * receiver's 2xx and the cursor's update sends the same id again).
 *
 * Each subscription has its own cursor (`webhook_cursors`) and its own pump: one event at a time,
 * the cursor moved after each 2xx. A failure stops that subscription's pump until its next attempt
 * ({@link webhookRetryDelayMs}); after {@link WEBHOOK_FAILING_AFTER_MS} of failures without a
 * success it records WebhookSubscriptionFailing (its owner is mailed) and stops until a
 * redelivery is requested. Pumps run side by side and are not awaited by the reactor's tick, so a
 * slow or dead receiver delays no other subscriber, and the projections and the mail never wait
 * for any. It reads the log itself (filtered by type in SQL where the log is in the same
 * database), woken after every page the projector's reader handles.
 */
@Injectable()
export class WebhookDeliveryReactor {
  private readonly logger = new Logger(WebhookDeliveryReactor.name);
  private readonly pumps = new Map<string, Promise<void>>();
  /** Subscriptions woken while their pump ran: it reads once more before it stops. */
  private readonly again = new Set<string>();
  private abort = new AbortController();
  private prunedAt = 0;
  private readonly client: WebhookClient;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly webhooks: WebhookStream,
  ) {
    this.client = new WebhookClient({ timeoutMs: settings.timeoutMs ?? 10_000, allowPrivate: settings.allowPrivate, userAgent: 'partner-portal-webhooks/1' });
  }

  /**
   * The delivery reactor, run by the projector while it leads (one sender across processes): woken
   * after every page of the log, and every `intervalMs` for retries that came due. Stopping aborts
   * the attempts in flight (they are retried by the next leader) and waits for the pumps.
   * @param options.wake false: only the interval (tests that drive {@link tick} themselves).
   */
  reactor(intervalMs = 5_000, options: { wake?: boolean } = {}): Reactor {
    const reactor = tickingReactor('reactor:webhooks', () => this.tick(), { intervalMs, follows: options.wake === false ? [] : [EVERY_PAGE], logger: this.logger });
    return {
      ...reactor,
      activate: async (): Promise<ActiveReactor> => {
        this.abort = new AbortController();
        const active = await reactor.activate();
        return {
          wake: active.wake,
          stop: async () => {
            this.abort.abort();
            await active.stop();
            await this.settled();
            // Kept-alive connections to receivers go with the leadership (a new one opens them again).
            this.client.close();
          },
        };
      },
    };
  }

  /**
   * Starts a pump for every active subscription that is behind the log's head and due now, up to
   * {@link MAX_PUMPS} at once (the others on a later wake-up), and once an hour drops delivery-log
   * rows older than {@link DELIVERY_LOG_RETENTION_MS}; returns how many pumps it started.
   */
  async tick(): Promise<number> {
    const now = this.clock.now();
    await this.prune(now);
    const head = await this.store.headPosition();
    const { rows } = await sql<{ subscription_id: string }>`
      select s.subscription_id from webhook_subscriptions s join webhook_cursors c using (subscription_id)
      where s.status = 'active' and c.next_attempt_at <= ${now.toISOString()} and c.position < ${head.toString()}
      order by c.next_attempt_at limit ${MAX_PUMPS * 4}`.execute(this.database.db);
    let started = 0;
    for (const { subscription_id: id } of rows) {
      if (this.abort.signal.aborted) break;
      if (this.pumps.has(id)) {
        this.again.add(id);
        continue;
      }
      if (this.pumps.size >= MAX_PUMPS) break;
      this.start(id);
      started += 1;
    }
    return started;
  }

  /** Resolves once no pump runs (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pumps.size) await Promise.all([...this.pumps.values()]);
  }

  private start(id: string): void {
    const pump = this.pump(id)
      .catch((error: unknown) => this.logger.error(`webhook subscription ${id}: delivery failed`, error instanceof Error ? error.stack : String(error)))
      .finally(() => {
        this.pumps.delete(id);
        // Woken after its last read (or while it stopped for another reason): look again, or the
        // wake-up would wait for the fallback interval.
        if (this.again.delete(id) && !this.abort.signal.aborted) this.start(id);
      });
    this.pumps.set(id, pump);
  }

  private async prune(now: Date): Promise<void> {
    if (now.getTime() - this.prunedAt < 3600_000) return;
    this.prunedAt = now.getTime();
    await sql`delete from webhook_deliveries where attempted_at < ${new Date(now.getTime() - DELIVERY_LOG_RETENTION_MS).toISOString()}`.execute(this.database.db);
  }

  private async pump(id: string): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) return;
      const due = await this.due(id);
      if (!due) return;
      this.again.delete(id);
      const after = BigInt(String(due.cursor));
      // Read before the page: every event of these types up to `head` is in a page that is not full.
      const head = await this.store.headPosition();
      const page = await this.read(after, due.event_types);
      let through = after;
      let attempts = due.attempts;
      let failingSince = due.failing_since;
      for (const recorded of page) {
        if (this.abort.signal.aborted) return;
        let event: PublicEvent | null;
        try {
          event = toPublicEvent(recorded);
        } catch (error) {
          // An event that cannot be made public (no upcaster, say) fails like a receiver would: logged, retried, then failing.
          const outcome: DeliveryOutcome = { ok: false, status: null, latencyMs: 0, error: `not sent: ${(error as Error).message}`, responseExcerpt: null };
          await this.logAttempt(due, recorded, attempts + 1, outcome);
          await this.failed(due, failingSince, through, recorded, attempts + 1, outcome);
          return;
        }
        const wanted = event && due.event_types.includes(event.type) && (due.partner_id === null || event.partnerId === due.partner_id);
        if (!event || !wanted) {
          through = recorded.position;
          continue;
        }
        const outcome = await this.send(due, event);
        if (outcome.error === 'aborted' && this.abort.signal.aborted) return;
        await this.logAttempt(due, recorded, attempts + 1, outcome);
        if (!outcome.ok) {
          await this.failed(due, failingSince, through, recorded, attempts + 1, outcome);
          return;
        }
        through = recorded.position;
        attempts = 0;
        failingSince = null;
        if (!(await this.advance(due, through, true))) return;
      }
      const full = page.length >= (this.sqlFiltered() ? PAGE : PAGE * 5);
      if (!full && head > through) through = head;
      if (through > after && !(await this.advance(due, through, false))) return;
      if (!full) return;
    }
  }

  /** The subscription and its cursor, when it is active and due now. */
  private async due(id: string): Promise<Due | undefined> {
    const { rows } = await sql<Due>`
      select s.*, c.position as cursor, c.generation, c.attempts, c.failing_since
      from webhook_subscriptions s join webhook_cursors c using (subscription_id)
      where s.subscription_id = ${id} and s.status = 'active' and c.next_attempt_at <= ${this.clock.now().toISOString()}`.execute(this.database.db);
    return rows[0];
  }

  private sqlFiltered(): boolean {
    return hasSameDatabaseLog(this.store) && this.store.isIn(this.database);
  }

  private async read(after: bigint, types: readonly string[]): Promise<RecordedEvent[]> {
    if (hasSameDatabaseLog(this.store) && this.store.isIn(this.database)) return this.store.readAllWith(this.database.db, { after, maxCount: PAGE, types });
    return this.store.readAll({ after, maxCount: PAGE * 5 });
  }

  private async send(due: Due, event: PublicEvent): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    const secrets = [this.webhooks.secret(due.subscription_id, due.secret_version)];
    if (secretFingerprint(secrets[0]) !== due.secret_fingerprint) {
      // The receiver holds a secret derived from another key: a signature by this one would fail there.
      return { ok: false, status: null, latencyMs: 0, error: 'WEBHOOK_SIGNING_KEY differs from the one the secret was issued with; not sent', responseExcerpt: null };
    }
    if (due.previous_secret_version !== null && due.previous_secret_valid_until !== null && new Date(due.previous_secret_valid_until).getTime() > now.getTime()) {
      secrets.push(this.webhooks.secret(due.subscription_id, due.previous_secret_version));
    }
    const body = JSON.stringify(event);
    // The wall clock, not the service's (a simulated one in a replay): receivers refuse a
    // webhook-timestamp more than minutes away from their own clock.
    return this.client.post(due.url, signHeaders(secrets, event.id, new Date(), body), body, { signal: this.abort.signal });
  }

  private async logAttempt(due: Due, recorded: RecordedEvent, attempt: number, outcome: DeliveryOutcome): Promise<void> {
    await sql`
      insert into webhook_deliveries (subscription_id, event_id, event_type, event_position, attempt, status_code, ok, error, response_excerpt, latency_ms, attempted_at)
      values (${due.subscription_id}, ${recorded.eventId}, ${recorded.type}, ${recorded.position.toString()}, ${attempt}, ${outcome.status}, ${outcome.ok}, ${outcome.error?.slice(0, 500) ?? null},
        ${outcome.responseExcerpt}, ${Math.round(outcome.latencyMs)}, ${this.clock.now().toISOString()})`.execute(this.database.db);
  }

  /**
   * Moves the cursor forward to `through`, unless a redelivery request moved it since this pump read
   * it (its generation changed) or the subscription is no longer active (deleted, failing): then
   * false, and the pump stops. Never backwards within a generation, so a former leader's late write
   * cannot undo a newer one's.
   */
  private async advance(due: Due, through: bigint, delivered: boolean): Promise<boolean> {
    const result = await sql`
      update webhook_cursors c set position = ${through.toString()}, attempts = 0, failing_since = null, last_error = null
        ${delivered ? sql`, last_delivered_at = ${this.clock.now().toISOString()}` : sql``}
      from webhook_subscriptions s
      where c.subscription_id = ${due.subscription_id} and c.generation = ${String(due.generation)} and c.position <= ${through.toString()}
        and s.subscription_id = c.subscription_id and s.status = 'active'`.execute(this.database.db);
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  /**
   * Records a failed attempt at `recorded` (the cursor moved past what was skipped before it) and
   * when the next one is due; after {@link WEBHOOK_FAILING_AFTER_MS} of failures since the last
   * success (`failingSince`, cleared by every 2xx) the subscription is marked failing. Nothing is
   * marked when a redelivery or another leader moved the cursor meanwhile.
   */
  private async failed(due: Due, failingSince: Date | string | null, through: bigint, recorded: RecordedEvent, attempts: number, outcome: DeliveryOutcome): Promise<void> {
    const now = this.clock.now();
    const since = failingSince ? new Date(failingSince) : now;
    const next = new Date(now.getTime() + webhookRetryDelayMs(attempts));
    const error = outcome.error ?? `answered ${outcome.status}`;
    const moved = await sql`
      update webhook_cursors set position = ${through.toString()}, attempts = ${attempts}, next_attempt_at = ${next.toISOString()}, failing_since = ${since.toISOString()}, last_error = ${error.slice(0, 500)}
      where subscription_id = ${due.subscription_id} and generation = ${String(due.generation)} and position <= ${through.toString()}`.execute(this.database.db);
    if (Number(moved.numAffectedRows ?? 0n) === 0) return;
    this.logger.warn(`webhook ${due.subscription_id}: ${recorded.type} at ${recorded.position} not delivered (attempt ${attempts}): ${error}`);
    if (now.getTime() - since.getTime() < WEBHOOK_FAILING_AFTER_MS) return;
    const context: CommandContext = {
      actor: { role: 'system', id: 'webhook-delivery' },
      now,
      correlationId: recorded.eventId,
      causationId: recorded.eventId,
      idempotencyKey: `webhook-failing:${due.subscription_id}:${since.toISOString()}`,
    };
    await this.webhooks.run(
      due.subscription_id,
      { type: 'MarkWebhookFailing', subscriptionId: due.subscription_id, failingSince: since.toISOString(), lastError: error, stuckAt: recorded.position, attempts },
      { context },
    );
    this.logger.error(`webhook ${due.subscription_id}: failing since ${since.toISOString()}; deliveries stopped until a redelivery is requested`);
  }
}
