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

  /** Starts a pump for every active subscription whose next attempt is due and has none running; returns how many it started. */
  async tick(): Promise<number> {
    const now = this.clock.now().toISOString();
    const { rows } = await sql<{ subscription_id: string }>`
      select s.subscription_id from webhook_subscriptions s join webhook_cursors c using (subscription_id)
      where s.status = 'active' and c.next_attempt_at <= ${now}`.execute(this.database.db);
    let started = 0;
    for (const { subscription_id: id } of rows) {
      if (this.abort.signal.aborted) break;
      if (this.pumps.has(id)) {
        this.again.add(id);
        continue;
      }
      started += 1;
      const pump = this.pump(id)
        .catch((error: unknown) => this.logger.error(`webhook subscription ${id}: delivery failed`, error instanceof Error ? error.stack : String(error)))
        .finally(() => this.pumps.delete(id));
      this.pumps.set(id, pump);
    }
    return started;
  }

  /** Resolves once no pump runs (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pumps.size) await Promise.all([...this.pumps.values()]);
  }

  private async pump(id: string): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) return;
      const due = await this.due(id);
      if (!due) return;
      const after = BigInt(String(due.cursor));
      const page = await this.read(after, due.event_types);
      if (page.length === 0) {
        if (this.again.delete(id)) continue;
        return;
      }
      this.again.delete(id);
      let through = after;
      let attempts = due.attempts;
      for (const recorded of page) {
        if (this.abort.signal.aborted) return;
        const event = toPublicEvent(recorded);
        const wanted = event && due.event_types.includes(event.type) && (due.partner_id === null || event.partnerId === due.partner_id);
        if (!wanted) {
          through = recorded.position;
          continue;
        }
        const outcome = await this.send(due, event);
        if (outcome.error === 'aborted' && this.abort.signal.aborted) return;
        await this.logAttempt(due, recorded, attempts + 1, outcome);
        if (!outcome.ok) {
          await this.failed(due, through, recorded, attempts + 1, outcome);
          return;
        }
        through = recorded.position;
        attempts = 0;
        if (!(await this.advance(due, through, true))) return;
      }
      if (!(await this.advance(due, through, false))) return;
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
      insert into webhook_deliveries (subscription_id, event_id, event_type, event_position, attempt, status_code, ok, error, latency_ms, attempted_at)
      values (${due.subscription_id}, ${recorded.eventId}, ${recorded.type}, ${recorded.position.toString()}, ${attempt}, ${outcome.status}, ${outcome.ok}, ${outcome.error?.slice(0, 500) ?? null},
        ${Math.round(outcome.latencyMs)}, ${this.clock.now().toISOString()})`.execute(this.database.db);
  }

  /**
   * Moves the cursor to `through`, unless a redelivery request moved it since this pump read it
   * (its generation changed): then false, and the pump stops (the next one starts from the request).
   */
  private async advance(due: Due, through: bigint, delivered: boolean): Promise<boolean> {
    const result = await sql`
      update webhook_cursors set position = ${through.toString()}, attempts = 0, failing_since = null, last_error = null
        ${delivered ? sql`, last_delivered_at = ${this.clock.now().toISOString()}` : sql``}
      where subscription_id = ${due.subscription_id} and generation = ${String(due.generation)}`.execute(this.database.db);
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  private async failed(due: Due, through: bigint, recorded: RecordedEvent, attempts: number, outcome: DeliveryOutcome): Promise<void> {
    const now = this.clock.now();
    const since = due.failing_since ? new Date(due.failing_since) : now;
    const next = new Date(now.getTime() + webhookRetryDelayMs(attempts));
    const error = outcome.error ?? `answered ${outcome.status}`;
    await sql`
      update webhook_cursors set position = ${through.toString()}, attempts = ${attempts}, next_attempt_at = ${next.toISOString()}, failing_since = ${since.toISOString()}, last_error = ${error.slice(0, 500)}
      where subscription_id = ${due.subscription_id} and generation = ${String(due.generation)}`.execute(this.database.db);
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
