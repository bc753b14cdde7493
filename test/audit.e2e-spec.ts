import { postgresTestUrl } from '@pp/database/testing/postgres-test';
import { approvedPartner, startTestApp, TEST_NOW, TestApp } from './support/test-app';

const databaseUrl = postgresTestUrl();
if (!databaseUrl) process.stdout.write('SKIPPED "Audit API (postgres store)": DATABASE_URL is not set, no PostgreSQL to test against\n');

describe.each([
  ['embedded', true],
  ['postgres', databaseUrl !== undefined],
] as const)('Audit API (%s store)', (storeKind, available) => {
  if (!available) {
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp({ store: storeKind, databaseUrl });
    auditor = await t.token('auditor', 'audit-kpmg');
  });
  afterAll(async () => t.close());

  it('lets only auditors read history', async () => {
    const partner = await approvedPartner(t);
    for (const token of [partner.token, await t.token('reviewer', 'r'), await t.token('service', 's')]) {
      expect((await t.request('GET', `/v1/audit/streams/partner-${partner.partnerId}/events`, { token })).status).toBe(403);
      expect((await t.request('GET', '/v1/audit/events', { token })).status).toBe(403);
    }
  });

  it('pages one stream with every metadata field, forwards and backwards', async () => {
    const partner = await approvedPartner(t);
    const url = `/v1/audit/streams/partner-${partner.partnerId}/events`;
    const first = await t.request('GET', `${url}?limit=1&minPosition=${partner.position}`, { token: auditor });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ streamId: `partner-${partner.partnerId}`, revision: '0', type: 'PartnerRegistrationSubmitted' });
    expect(Object.keys(first.body.items[0].metadata).sort()).toEqual(['actor', 'causationId', 'command', 'correlationId', 'eventId', 'hash', 'occurredAt', 'previousHash', 'schemaVersion']);
    expect(first.body.items[0].metadata.occurredAt).toBe(TEST_NOW.toISOString());
    const second = await t.request('GET', `${url}?limit=1&cursor=${first.body.nextCursor}`, { token: auditor });
    expect(second.body.items.map((e: { type: string }) => e.type)).toEqual(['PartnerApproved']);
    expect(second.body.nextCursor).toBeNull();
    const backwards = await t.request('GET', `${url}?direction=backwards`, { token: auditor });
    expect(backwards.body.items.map((e: { revision: string }) => e.revision)).toEqual(['1', '0']);
    expect((await t.request('GET', '/v1/audit/streams/no-such-stream/events', { token: auditor })).body).toEqual({ items: [], nextCursor: null });
  });

  it('pages the global log from a position, filtered by type and time', async () => {
    const partner = await approvedPartner(t);
    const seen: Array<{ type: string; position: string }> = [];
    let cursor: string | null = '0';
    while (cursor !== null) {
      const page: { body: { items: Array<{ type: string; position: string }>; nextCursor: string | null } } = await t.request('GET', `/v1/audit/events?limit=7&after=${cursor}&minPosition=${partner.position}`, { token: auditor });
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const positions = seen.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
    expect(seen.at(-1)?.position).toBe(partner.position);
    const approvals = await t.request('GET', '/v1/audit/events?types=PartnerApproved,PartnerRejected&limit=1000', { token: auditor });
    expect(approvals.body.items.length).toBeGreaterThan(0);
    expect(approvals.body.items.every((e: { type: string }) => e.type === 'PartnerApproved')).toBe(true);
    const none = await t.request('GET', '/v1/audit/events?from=2000-01-01T00:00:00.000Z&to=2000-01-02T00:00:00.000Z', { token: auditor });
    expect(none.body.items).toEqual([]);
    expect((await t.request('GET', '/v1/audit/events?from=yesterday', { token: auditor })).status).toBe(400);
  });

  it('folds a partner and a customer as they stood at a past time, with the position it stopped at', async () => {
    const partner = await approvedPartner(t);
    t.clock.set(new Date(TEST_NOW.getTime() + 86_400_000));
    const suspended = await t.request('POST', `/v1/partners/${partner.partnerId}/suspension`, { token: await t.token('reviewer', 'r'), body: { reason: 'late payment' } });
    t.clock.set(TEST_NOW);
    const url = `/v1/audit/partners/${partner.partnerId}`;
    const before = await t.request('GET', `${url}?asOf=2026-01-01T00:00:00.000Z`, { token: auditor });
    expect(before.body).toMatchObject({ state: { status: 'none' }, revision: null, position: null, eventsFolded: 0 });
    const approved = await t.request('GET', `${url}?asOf=${TEST_NOW.toISOString()}`, { token: auditor });
    expect(approved.body).toMatchObject({ subject: partner.partnerId, state: { status: 'approved' }, revision: '1', position: partner.position, eventsFolded: 2 });
    const later = await t.request('GET', `${url}?asOf=2026-11-25T00:00:00.000Z&minPosition=${suspended.body.position}`, { token: auditor });
    expect(later.body).toMatchObject({ state: { status: 'suspended' }, revision: '2', position: suspended.body.position });
    expect((await t.request('GET', `${url}?asOf=yesterday`, { token: auditor })).status).toBe(400);
    expect((await t.request('GET', `${url}?asOf=2026-13-45T99:99:99.999Z`, { token: auditor })).status).toBe(400);
    expect((await t.request('GET', `/v1/audit/streams/partner-${partner.partnerId}/events?cursor=9999999999999999999`, { token: auditor })).status).toBe(400);
    expect((await t.request('GET', '/v1/audit/events?after=9999999999999999999', { token: auditor })).status).toBe(400);
    expect((await t.request('GET', '/v1/audit/partners/nobody-at-all', { token: auditor })).status).toBe(404);
    expect((await t.request('GET', url, { token: await t.token('reviewer', 'r') })).status).toBe(403);
  });
});
