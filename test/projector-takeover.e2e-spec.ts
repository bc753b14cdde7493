import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import { SqlEventStore } from '@pp/event-store';
import { randomBytes, randomUUID } from 'node:crypto';
import { startService, until } from './support/processes';

const projector = (env: NodeJS.ProcessEnv) => startService('projector', env);

describeWithPostgres('Two projector processes, one killed mid-stream (PostgreSQL)', (url) => {
  it('hands the projection over to the other: no event applied twice, none missed', async () => {
    const schema = testSchema('takeover');
    const database: Database = await openDatabase({ kind: 'postgres', url, schema });
    const store = await SqlEventStore.open(database);
    let appended = 0;
    let lastPosition = 0n;
    const append = async () => {
      const partnerId = `tk-${appended}`;
      const written = await store.appendToStream(
        `partner-${partnerId}`,
        [
          {
            eventId: randomUUID(),
            type: 'PartnerRegistrationSubmitted',
            data: {
              partnerId,
              program: 'vngcloud',
              language: 'vi',
              termsVersion: '2023-07',
              partnerType: 'reseller',
              company: { legalName: `Công ty ${appended}`, businessLicenseNo: `${appended}`, registeredCapital: '1', staff: 1, technicalStaff: 1, customerOperations: true, afterSalesService: true },
              contact: { name: 'A', email: `a${appended}@example.vn`, phone: { countryCode: '+84', number: '2838221234' } },
              bank: { bankName: 'B', branch: 'B', accountName: 'B', accountNumber: '1234' },
              submittedAt: '2026-11-23T03:00:00.000Z',
              approvalDueAt: '2026-11-26T16:59:59.999Z',
            },
            metadata: { schemaVersion: 2 },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      appended += 1;
      if (written.position > lastPosition) lastPosition = written.position;
    };
    for (let i = 0; i < 200; i++) await append();
    // Events keep arriving while the projectors run, so the kill lands mid-stream.
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await append();
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const secret = randomBytes(32).toString('hex');
    const env = { EVENT_STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema, AUTH_JWT_SECRET: secret, INVITATION_SECRET: `${secret}-inv`, PROJECTION_BATCH_SIZE: '1', LOG_LEVEL: 'info', SMTP_URL: 'smtp://127.0.0.1:1' };
    const rows = async (where = sql``) => Number((await sql<{ n: unknown }>`select count(*) as n from partners ${where}`.execute(database.db)).rows[0].n);
    const a = projector(env);
    const b = projector(env);
    try {
      await until(() => a.output().includes('projector running') && b.output().includes('projector running'), 90_000, () => `both projectors to start (output: ${a.output().slice(-1000)} / ${b.output().slice(-1000)})`);
      await until(() => [a, b].some((p) => p.output().includes('leading projection:partners')), 30_000, 'one projector to lead');
      const [leader, standby] = a.output().includes('leading projection:partners') ? [a, b] : [b, a];
      expect(standby.output()).not.toContain('leading projection:partners');
      await until(async () => (await rows().catch(() => 0)) >= 50, 60_000, 'the leader to apply some events');
      leader.child.kill('SIGKILL');
      await leader.exited;
      const atKill = await rows();
      await until(() => standby.output().includes('leading projection:partners'), 30_000, 'the other projector to take over');
      await new Promise((r) => setTimeout(r, 500));
      writing = false;
      await writer;
      expect(atKill).toBeLessThan(appended);
      await until(async () => (await rows()) === appended, 120_000, 'the new leader to catch up');
      // The last event written, not headPosition(): other test files' transactions hold the cluster-wide xmin back.
      await until(async () => BigInt((await sql<{ position: string }>`select position::text as position from projection_checkpoints where name = 'partners'`.execute(database.db)).rows[0].position) >= lastPosition, 30_000, 'the checkpoint to reach the last event');
      expect(await rows(sql`where applications <> 1`)).toBe(0);
      process.stdout.write(`[takeover] ${atKill} of ${appended} events applied when the leader was killed; the other applied the rest, none twice\n`);
    } finally {
      writing = false;
      await writer;
      for (const p of [a, b]) p.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      await store.close();
      await database.close();
      await dropSchema(url, schema);
    }
  });
});
