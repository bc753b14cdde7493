import { Database, dropSchema, openDatabase } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import { RecordedEvent, SqlEventStore } from '@pp/event-store';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess, startService, stopService, until } from './support/processes';
import { approvedPartner, httpClient, registeredAccount } from './support/test-app';
import { eventually } from './support/wait';
import { WebhookReceiver } from './support/webhook-receiver';

const LEADS_WEBHOOKS = 'leading reactor:webhooks';

/**
 * Issue 18 across processes: the api (no projections) and two projector processes on PostgreSQL,
 * a receiver on the loopback verifying every signature. The projector that delivers is SIGKILLed
 * while the receiver holds one answer open; the other takes over. At least once, in log order:
 * nothing lost, and what comes twice is the same event under the same `webhook-id`.
 */
describeWithPostgres('Webhook delivery with the delivering projector SIGKILLed mid-delivery (PostgreSQL)', (url) => {
  it('delivers every event at least once, first arrivals in log order, duplicates identical, after the other projector takes over', async () => {
    const schema = testSchema('whkill');
    const dataDir = mkdtempSync(join(tmpdir(), 'pp-whkill-'));
    const secret = randomBytes(32).toString('hex');
    const port = await freePort();
    const receiver = await WebhookReceiver.start();
    const env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      AUTH_JWT_SECRET: secret,
      INVITATION_SECRET: `${secret}-invitations`,
      WEBHOOK_SIGNING_KEY: `${secret}-webhooks`,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // Longer than the kill takes on a loaded machine: the held answer must not time out first.
      WEBHOOK_TIMEOUT_MS: '60000',
      SMTP_URL: 'smtp://127.0.0.1:1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
    };
    const processes: ServiceProcess[] = [];
    let writing = false;
    let writer: Promise<void> = Promise.resolve();
    let writeError: unknown;
    let database: Database | undefined;
    try {
      const api = startService('api', { ...env, PORT: String(port), HOST: '127.0.0.1', RUN_PROJECTIONS: 'false' });
      processes.push(api);
      const base = `http://127.0.0.1:${port}`;
      await until(async () => {
        if (api.child.exitCode !== null) throw new Error(`the api exited:\n${api.output()}`);
        return fetch(`${base}/health`).then((r) => r.ok, () => false);
      }, 90_000, () => `the api to answer /health (output: ${api.output().slice(-1000)})`);
      const a = startService('projector', env);
      const b = startService('projector', env);
      processes.push(a, b);
      await until(() => a.output().includes('projector running') && b.output().includes('projector running'), 90_000, () => `both projectors to start (output: ${a.output().slice(-1000)} / ${b.output().slice(-1000)})`);
      await until(() => [a, b].some((p) => p.output().includes(LEADS_WEBHOOKS)), 30_000, 'one projector to lead the webhook deliveries');
      const [leader, standby] = a.output().includes(LEADS_WEBHOOKS) ? [a, b] : [b, a];

      const t = httpClient(base, secret);
      const partner = await approvedPartner(t);
      const created = await t.request('POST', '/v1/webhooks', { token: partner.token, body: { url: receiver.url, eventTypes: ['CustomerInvited'] } });
      expect(created.status).toBe(201);
      receiver.secrets.push(created.body.secret);
      const subscribedAt = BigInt(created.body.position);

      // A steady stream of invitations over HTTP, so that events keep coming across the kill.
      const invited: string[] = [];
      writing = true;
      writer = (async () => {
        while (writing) {
          const customer = await registeredAccount(t);
          const r = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: customer.accountId }] } });
          if (r.body.rows?.[0]?.result !== 'invited') throw new Error(`customer not invited: ${JSON.stringify(r.body)}`);
          invited.push(customer.accountId);
        }
      })().catch((error: unknown) => {
        writeError = error;
      });
      const writerNote = () => (writeError ? `; the writer stopped: ${String(writeError)}` : '');

      await eventually(() => receiver.accepted.length, (n) => n >= 3, 60_000, () => `the first deliveries (leader output: ${leader.output().slice(-1000)})${writerNote()}`);
      receiver.answerNext('hang');
      const held = await eventually(() => receiver.received.find((r) => r.answered === 'hang'), (r) => r !== undefined, 30_000, 'a delivery the receiver holds open');
      leader.child.kill('SIGKILL');
      await leader.exited;
      const atKill = receiver.received.length;
      await until(() => standby.output().includes(LEADS_WEBHOOKS), 30_000, () => `the other projector to take the deliveries over (output: ${standby.output().slice(-1000)})`);
      // Deliveries resume from the new leader, with events still being written meanwhile.
      await eventually(() => receiver.accepted.length, (n) => n >= atKill + 3, 60_000, () => `deliveries after the takeover${writerNote()}`);
      writing = false;
      await writer;
      expect(writeError).toBeUndefined();

      database = await openDatabase({ kind: 'postgres', url, schema });
      const store = await SqlEventStore.open(database);
      const invitations = async () => {
        const found: RecordedEvent[] = [];
        for (let after = subscribedAt; ; ) {
          const page = await store.readAll({ after, maxCount: 500 });
          if (!page.length) return found;
          found.push(...page.filter((e) => e.type === 'CustomerInvited'));
          after = page[page.length - 1].position;
        }
      };
      // The log shows a commit once no older transaction is open anywhere on the server (the
      // cluster-wide horizon, which other test files hold back), not always at once.
      const logged = await eventually(invitations, (found) => found.length >= invited.length, 30_000, () => `the log to show all ${invited.length} invitations`);
      expect(logged.map((e) => (e.data as { accountId: string }).accountId).sort()).toEqual([...invited].sort());
      const expected = logged.map((e) => e.eventId);
      await eventually(() => new Set(receiver.accepted.map((r) => r.id)), (ids) => expected.every((id) => ids.has(id)), 60_000, () => `every one of ${expected.length} CustomerInvited events accepted`);

      // None lost: each event of the log verified and answered 2xx at least once.
      const accepted = new Set(receiver.accepted.map((r) => r.id));
      expect(expected.filter((id) => !accepted.has(id))).toEqual([]);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      expect(receiver.received.every((r) => r.id === r.payload.id)).toBe(true);
      // The held event came again after the kill, from the other projector, and was accepted.
      expect(receiver.received.slice(atKill).some((r) => r.id === held!.id && r.answered === 200)).toBe(true);
      // First arrivals in log order.
      const first = new Map<string, (typeof receiver.received)[number]>();
      for (const r of receiver.received) if (!first.has(r.id)) first.set(r.id, r);
      const positions = [...first.values()].map((r) => BigInt(r.payload.position));
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
      expect([...first.keys()]).toEqual(expected);
      // Every duplicate is the same event: the same webhook-id and the same body.
      const duplicates = receiver.received.filter((r) => first.get(r.id) !== r);
      expect(duplicates.length).toBeGreaterThanOrEqual(1);
      for (const d of duplicates) expect(d.body).toBe(first.get(d.id)!.body);

      // The delivery log over HTTP shows a successful attempt at every event. The attempt held open
      // when the process died was never recorded (it is written once the answer is in).
      const attempts: Array<{ eventId: string; ok: boolean; statusCode: number | null; attempt: number }> = [];
      for (let cursor: string | null | undefined; cursor !== null; ) {
        const page = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: partner.token });
        expect(page.status).toBe(200);
        attempts.push(...page.body.items);
        cursor = page.body.nextCursor;
      }
      const okIds = new Set(attempts.filter((d) => d.ok && d.statusCode === 200).map((d) => d.eventId));
      expect(expected.filter((id) => !okIds.has(id))).toEqual([]);
      expect(attempts.filter((d) => d.eventId === held!.id).map((d) => [d.attempt, d.ok, d.statusCode])).toEqual([[1, true, 200]]);
      process.stdout.write(
        `[webhooks-kill] ${expected.length} events, ${receiver.received.length} requests (${duplicates.length} duplicates), ${attempts.length} attempts in the delivery log; killed at request ${atKill} holding ${held!.payload.position}\n`,
      );
    } finally {
      writing = false;
      await writer;
      await Promise.all(processes.map((p) => stopService(p)));
      await receiver.close();
      await database?.close();
      await dropSchema(url, schema);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
