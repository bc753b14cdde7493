import { Database, DATABASE, sql } from '@pp/database';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { WebhookDeliveryReactor } from '@pp/webhooks';
import { approvedPartner, registeredAccount, startTestApp, TestApp } from './support/test-app';
import { eventually, until } from './support/wait';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Issue 18: webhook subscriptions over HTTP, delivered to a real receiver on the loopback that
 * verifies every signature with the `standardwebhooks` library.
 */
describe('Webhooks', () => {
  let t: TestApp;
  let service: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp({ config: { webhookAllowPrivate: true, webhookTimeoutMs: 1_000 } });
    service = await t.token('service', 'crm');
  });
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => receiver.close());
  afterAll(async () => t.close());

  const subscribe = async (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const r = await t.request('POST', '/v1/webhooks', { token, body: { url: receiver.url, ...body }, headers });
    if (r.status === 201 && r.body.secret) receiver.secrets.push(r.body.secret);
    return r;
  };
  const invite = async (partner: { partnerId: string; token: string }) => {
    const customer = await registeredAccount(t);
    const r = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: customer.accountId }] } });
    expect(r.body.rows?.[0]?.result).toBe('invited');
    return { ...customer, position: r.body.position as string };
  };
  const acceptedOf = (type: string) => receiver.accepted.filter((r) => r.payload.type === type);

  it("delivers a partner's own events, signed, in log order, with the event id as webhook-id and no token hash", async () => {
    const partner = await approvedPartner(t);
    const other = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['CustomerInvited'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'active', secretVersion: 1 });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const first = await invite(partner);
    await invite(other);
    const second = await invite(partner);
    const got = await eventually(() => acceptedOf('CustomerInvited'), (r) => r.length >= 2, 10_000, 'two CustomerInvited deliveries');
    expect(got.map((r) => r.payload.data.accountId)).toEqual([first.accountId, second.accountId]);
    for (const r of got) {
      expect(r.id).toBe(r.payload.id);
      expect(r.payload).toMatchObject({ type: 'CustomerInvited', version: 1, partnerId: partner.partnerId });
      expect(r.payload.data).not.toHaveProperty('tokenHash');
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(BigInt(got[0].payload.position)).toBeLessThan(BigInt(got[1].payload.position));
    // Nothing of the other partner's reached it.
    expect(receiver.received.every((r) => r.payload.partnerId === partner.partnerId)).toBe(true);
  });

  it('lets the service scope a subscription to one partner, and asks it for a contact', async () => {
    const partner = await approvedPartner(t);
    const noContact = await subscribe(service, { eventTypes: ['CustomerInvited'], partnerId: partner.partnerId });
    expect({ status: noContact.status, code: noContact.body.code }).toEqual({ status: 422, code: 'WEBHOOK_CONTACT_REQUIRED' });
    const r = await subscribe(service, { eventTypes: ['CustomerInvited'], partnerId: partner.partnerId, contactEmail: 'ops@crm.example.com' });
    expect(r.status).toBe(201);
    const customer = await invite(partner);
    const [delivery] = await eventually(() => acceptedOf('CustomerInvited'), (x) => x.length >= 1, 10_000, 'a CustomerInvited delivery');
    expect(delivery.payload.data.accountId).toBe(customer.accountId);
  });

  it('retries a receiver that fails and then times out, with the same id, keeping the order, and logs every attempt', async () => {
    const partner = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['CustomerInvited'] });
    receiver.answerNext(500, 'hang');
    const first = await invite(partner);
    const second = await invite(partner);
    await eventually(() => receiver.received, (r) => r.length >= 1, 10_000, 'the first attempt');
    // The retry is due after a backoff of a few seconds on the service's clock.
    let deliveries: { body: { items: Array<{ attempt: number; ok: boolean; statusCode: number | null; error: string | null; eventId: string }> } } = { body: { items: [] } };
    await until(
      async () => {
        t.clock.advance(10_000);
        deliveries = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { token: partner.token });
        return deliveries.body.items.filter((d) => d.ok).length >= 2;
      },
      20_000,
      () => `both events delivered after a 500 and a timeout; the log says ${JSON.stringify(deliveries.body.items)}`,
    );
    const attempts = [...deliveries.body.items].reverse();
    expect(attempts.map((d) => [d.attempt, d.ok, d.statusCode])).toEqual([
      [1, false, 500],
      [2, false, null],
      [3, true, 200],
      [1, true, 200],
    ]);
    expect(attempts[1].error).toMatch(/timed out/);
    expect(new Set(attempts.slice(0, 3).map((d) => d.eventId)).size).toBe(1);
    const ids = receiver.received.map((r) => r.id);
    expect(ids.slice(0, 3).every((id) => id === ids[0])).toBe(true);
    expect(receiver.accepted.map((r) => r.payload.data.accountId)).toEqual([first.accountId, second.accountId]);
  });

  it('marks a subscription failing after a day of failures, and a redelivery brings it back from a position', async () => {
    const partner = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['CustomerInvited'] });
    receiver.answerNext(...Array.from({ length: 200 }, () => 503));
    const customer = await invite(partner);
    await eventually(() => receiver.received, (r) => r.length >= 1, 10_000, 'the first attempt');
    let state: { body: { status?: string } } = { body: {} };
    await until(
      async () => {
        t.clock.advance(3 * 3600_000);
        state = await t.request('GET', `/v1/webhooks/${created.body.id}`, { token: partner.token });
        return state.body.status === 'failing';
      },
      30_000,
      () => `the subscription failing; it is ${JSON.stringify(state.body)}`,
    );
    const failing = await t.request('GET', `/v1/webhooks/${created.body.id}`, { token: partner.token });
    expect(failing.body).toMatchObject({ status: 'failing', delivery: { lastError: 'HTTP 503' } });
    // Its owner hears of it: the partner's contact, in the partner's language.
    const database = t.app.get<Database>(DATABASE);
    const mails = await eventually(
      async () => (await sql<{ recipient: string; language: string }>`select recipient, language from mail_outbox where kind = 'webhook_subscription_failing' and mail_values->>'subscriptionId' = ${created.body.id}`.execute(database.db)).rows,
      (rows) => rows.length > 0,
      10_000,
      'the mail about the failing subscription in the outbox',
    );
    expect(mails).toEqual([{ recipient: `contact-${partner.account.email}`, language: 'vi' }]);
    receiver.answerNormally();
    const position = receiver.received[0].payload.position;
    const again = await t.request('POST', `/v1/webhooks/${created.body.id}/redelivery`, { token: partner.token, body: { fromPosition: position } });
    expect(again.status).toBe(200);
    const [delivered] = await eventually(() => receiver.accepted, (r) => r.length >= 1, 10_000, 'the redelivery');
    expect(delivered.payload.data.accountId).toBe(customer.accountId);
    expect(delivered.id).toBe(receiver.received[0].id);
    const active = await t.request('GET', `/v1/webhooks/${created.body.id}?minPosition=${again.body.position}`, { token: partner.token });
    expect(active.body.status).toBe('active');
  });

  it('counts the day of failures from the last success: a success then a failure is not failing', async () => {
    const partner = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['CustomerInvited'] });
    receiver.answerNext(503, 503, 503, 503, 503, 503, 200, 503);
    await invite(partner);
    await invite(partner);
    let log: Array<{ ok: boolean }> = [];
    // Four hours on after each attempt: the six failures span 20 hours, the success comes at 24.
    for (let attempts = 1; attempts <= 8; attempts++) {
      await until(
        async () => {
          log = (await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { token: partner.token })).body.items;
          return log.length >= attempts;
        },
        10_000,
        () => `attempt ${attempts} of six failures over a day, a success, then a failure; the log has ${log.length}`,
      );
      if (attempts < 7) t.clock.advance(4 * 3600_000);
    }
    await t.app.get(WebhookDeliveryReactor).settled();
    const stream = await t.app.get<EventStore>(EVENT_STORE).readStream(`webhook-${created.body.id}`);
    expect(stream.map((e) => e.type)).toEqual(['WebhookSubscriptionCreated']);
    const got = await t.request('GET', `/v1/webhooks/${created.body.id}`, { token: partner.token });
    expect(got.body).toMatchObject({ status: 'active', delivery: { attempts: 1, lastError: 'HTTP 503' } });
    expect(receiver.accepted).toHaveLength(1);
    receiver.answerNormally();
  });

  it('moves the cursor past events it does not want, and refuses a redelivery past the head or a bad cursor', async () => {
    const partner = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['PartnerTerminated'] });
    await invite(partner);
    const { position: head } = await invite(partner);
    let view: { body: { delivery?: { deliveredThrough: string } } } = { body: {} };
    await until(
      async () => {
        view = await t.request('GET', `/v1/webhooks/${created.body.id}`, { token: partner.token });
        return BigInt(view.body.delivery?.deliveredThrough ?? '0') >= BigInt(head);
      },
      10_000,
      () => `the cursor past the invitations (${head}); it is at ${JSON.stringify(view.body.delivery)}`,
    );
    expect(receiver.received).toHaveLength(0);
    const ahead = await t.request('POST', `/v1/webhooks/${created.body.id}/redelivery`, { token: partner.token, body: { fromPosition: '9000000000000000000' } });
    expect({ status: ahead.status, code: ahead.body.code }).toEqual({ status: 422, code: 'WEBHOOK_REDELIVERY_AHEAD' });
    const badCursor = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries?cursor=9999999999999999999`, { token: partner.token });
    expect({ status: badCursor.status, code: badCursor.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('rotates the secret: the old one still verifies for a day, the new one at once', async () => {
    const partner = await approvedPartner(t);
    const created = await subscribe(partner.token, { eventTypes: ['CustomerInvited'] });
    const oldSecret = receiver.secrets[0];
    const rotated = await t.request('POST', `/v1/webhooks/${created.body.id}/secret`, { token: partner.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secretVersion).toBe(2);
    expect(rotated.body.secret).not.toBe(oldSecret);
    receiver.secrets = [rotated.body.secret];
    await invite(partner);
    const [byNew] = await eventually(() => receiver.accepted, (r) => r.length >= 1, 10_000, 'a delivery verified by the new secret');
    expect(String(byNew.headers['webhook-signature']).split(' ')).toHaveLength(2);
    receiver.secrets = [oldSecret];
    await invite(partner);
    await eventually(() => receiver.accepted, (r) => r.length >= 2, 10_000, 'a delivery verified by the old secret');
  });

  it('keeps subscriptions to their owner, never shows a secret again, and stores none for a replay', async () => {
    const partner = await approvedPartner(t);
    const other = await approvedPartner(t);
    const key = `create-${Math.random()}`;
    const created = await subscribe(partner.token, { eventTypes: ['CustomerApproved'] }, { 'idempotency-key': key });
    const replay = await subscribe(partner.token, { eventTypes: ['CustomerApproved'] }, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.body).not.toHaveProperty('secret');
    const database = t.app.get<Database>(DATABASE);
    const { rows } = await sql<{ body: string }>`select body from idempotency_keys where body like ${`%${created.body.id}%`}`.execute(database.db);
    expect(rows.length).toBe(1);
    expect(rows[0].body).not.toContain('whsec_');
    const list = await t.request('GET', `/v1/webhooks?minPosition=${created.body.position}`, { token: partner.token });
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const others = await t.request('GET', '/v1/webhooks', { token: other.token });
    expect(others.body.items.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
    const peek = await t.request('GET', `/v1/webhooks/${created.body.id}`, { token: other.token });
    expect({ status: peek.status, code: peek.body.code }).toEqual({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
    const steal = await t.request('DELETE', `/v1/webhooks/${created.body.id}`, { token: other.token });
    expect(steal.status).toBe(404);
    const foreign = await subscribe(partner.token, { eventTypes: ['CustomerApproved'], partnerId: other.partnerId });
    expect(foreign.status).toBe(403);
    const deleted = await t.request('DELETE', `/v1/webhooks/${created.body.id}`, { token: partner.token });
    expect(deleted.body.state).toBe('deleted');
    const seen = await t.request('GET', `/v1/webhooks/${created.body.id}?minPosition=${deleted.body.position}`, { token: service });
    expect(seen.body.status).toBe('deleted');
  });

  it("works with the README's 10-line receiver", async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Webhooks'), readme.indexOf('## For auditors'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code?.split('\n').filter(Boolean)).toHaveLength(10);
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    // In the repository, so that `standardwebhooks` resolves from its node_modules.
    const dir = mkdtempSync(join(__dirname, '.readme-receiver-'));
    writeFileSync(join(dir, 'receiver.mjs'), code!.replace('.listen(8080)', `.listen(${port}, '127.0.0.1', () => console.log('listening'))`));
    const partner = await approvedPartner(t);
    const created = await t.request('POST', '/v1/webhooks', { token: partner.token, body: { url: `http://127.0.0.1:${port}/`, eventTypes: ['CustomerInvited'] } });
    const child = spawn(process.execPath, [join(dir, 'receiver.mjs')], { env: { ...process.env, WEBHOOK_SECRET: created.body.secret } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await until(() => output.includes('listening'), 10_000, () => `the README's receiver to listen; it printed: ${output}`);
      const customer = await invite(partner);
      await until(() => output.includes('CustomerInvited') && output.includes(customer.accountId), 10_000, () => `the README's receiver to print the event; it printed: ${output}`);
      const deliveries = await t.request('GET', `/v1/webhooks/${created.body.id}/deliveries`, { token: partner.token });
      expect(deliveries.body.items[0]).toMatchObject({ ok: true, statusCode: 204 });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['an event type that is not public', { eventTypes: ['WebhookSubscriptionCreated'] }, 400, 'WEBHOOK_EVENT_TYPE_UNKNOWN'],
    ['no event type', { eventTypes: [] }, 400, 'VALIDATION_FAILED'],
    ['a URL that is not one', { url: 'not a url', eventTypes: ['CustomerInvited'] }, 400, 'WEBHOOK_URL_INVALID'],
    ['an ftp URL', { url: 'ftp://hooks.example.com/', eventTypes: ['CustomerInvited'] }, 400, 'WEBHOOK_URL_INVALID'],
  ])('refuses %s', async (_label, body, status, code) => {
    const partner = await approvedPartner(t);
    const r = await subscribe(partner.token, body);
    expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
  });
});

describe('Webhooks: a receiver that never answers', () => {
  let t: TestApp;
  const receivers: WebhookReceiver[] = [];
  beforeAll(async () => (t = await startTestApp({ config: { webhookAllowPrivate: true, webhookTimeoutMs: 60_000 } })));
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await t.close();
  });

  it('delays neither another subscriber nor the read models', async () => {
    const partner = await approvedPartner(t);
    const [dead, alive] = [await WebhookReceiver.start(), await WebhookReceiver.start()];
    receivers.push(dead, alive);
    for (const receiver of [dead, alive]) {
      const r = await t.request('POST', '/v1/webhooks', { token: partner.token, body: { url: receiver.url, eventTypes: ['CustomerInvited'] } });
      expect(r.status).toBe(201);
      receiver.secrets.push(r.body.secret);
    }
    dead.answerNext('hang', 'hang');
    const customer = await registeredAccount(t);
    const add = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: customer.accountId }] } });
    await eventually(() => dead.received, (r) => r.length >= 1, 10_000, 'the attempt at the receiver that never answers');
    const [got] = await eventually(() => alive.accepted, (r) => r.length >= 1, 10_000, 'the delivery to the receiver that answers');
    expect(got.payload.data.accountId).toBe(customer.accountId);
    const dashboard = await t.request('GET', `/v1/partners/${partner.partnerId}/dashboard?minPosition=${add.body.position}`, { token: partner.token });
    expect(dashboard.status).toBe(200);
    // All of it while the other attempt was still waiting for an answer.
    expect(dead.received).toHaveLength(1);
    expect(dead.accepted).toHaveLength(0);
  });
});

describe('Webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it.each(['http://127.0.0.1:9/hooks', 'http://localhost/hooks', 'http://[::1]/hooks', 'http://10.0.0.7/hooks', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/'])(
    'refuses %s (server-side request forgery)',
    async (url) => {
      const r = await t.request('POST', '/v1/webhooks', { token: await t.token('service', 'crm'), body: { url, eventTypes: ['CustomerInvited'], contactEmail: 'ops@crm.example.com' } });
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 422, code: 'WEBHOOK_URL_NOT_PUBLIC' });
    },
  );
});
