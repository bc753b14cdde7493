import { Database, DATABASE, sql } from '@pp/database';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { InvitationTokens } from '@pp/customers';
import { PassThrough } from 'node:stream';
import { approvedPartner, invitationTokenFor, registeredAccount, startTestApp } from './support/test-app';

describe('Invitation token secrecy', () => {
  it('shows the token in the invitation e-mail only: never in an answer, an event, a table or a log line', async () => {
    const logs: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    const t = await startTestApp({ logDestination: destination, config: { logLevel: 'trace' } });
    try {
      const answers: unknown[] = [];
      const call = async (...args: Parameters<typeof t.request>) => {
        const r = await t.request(...args);
        answers.push(r.body, r.headers);
        return r;
      };
      const partner = await approvedPartner(t);
      const customer = await registeredAccount(t);
      const own = await t.token('customer', customer.email, customer.accountId);
      await call('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: [{ email: customer.email, commonName: 'Secret Co' }] } });
      const token = await invitationTokenFor(t, customer.email);
      expect(token.length).toBeGreaterThanOrEqual(22); // at least 128 bits in base64url
      await call('POST', `/v1/customers/${customer.accountId}/decline`, { token: own, body: { token: `${token}x` } });
      await call('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: await t.token('customer', 'intruder', 'someone-else'), body: { token } });
      const confirmed = await call('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token } });
      expect(confirmed.status).toBe(200);
      await call('POST', `/v1/customers/${customer.accountId}/confirmation`, { token: own, body: { token } });
      await call('GET', `/v1/partners/${partner.partnerId}/customers?minPosition=${confirmed.body.position}`, { token: partner.token });
      await call('GET', `/v1/partners/${partner.partnerId}/dashboard`, { token: partner.token });
      // Somebody pastes the token into a query string instead of the fragment: neither the answer nor the log may repeat it.
      const pasted = await call('GET', `/customers/${customer.accountId}/confirm?token=${token}`);
      // The console answers that address (its index, or 503 when it is not built): never with the token.
      expect([200, 503]).toContain(pasted.status);

      expect(JSON.stringify(answers)).not.toContain(token);

      const events = await t.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 100_000 });
      const invited = events.find((e) => e.type === 'CustomerInvited')!;
      expect(invited.data.tokenHash).toBe(InvitationTokens.hash(token));
      expect(JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(token);

      const database = t.app.get<Database>(DATABASE);
      const { rows: tables } = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db);
      expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['es_events', 'mail_outbox', 'dashboard_customers', 'idempotency_keys', 'invitation_expiry']));
      for (const { table_name } of tables) {
        const { rows } = await sql`select * from ${sql.table(table_name)}`.execute(database.db);
        expect([table_name, JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))]).not.toEqual([table_name, expect.stringContaining(token)]);
      }

      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join('')).not.toContain(token);
    } finally {
      await t.close();
    }
  });
});
