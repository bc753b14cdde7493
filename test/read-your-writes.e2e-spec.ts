import { Database, DATABASE, sql } from '@pp/database';
import { describeWithPostgres } from '@pp/database/testing/postgres-test';
import { ServiceProcess, startService, stopService, until } from './support/processes';
import { approvedPartner, newAccount, startTestApp, TestApp } from './support/test-app';

/**
 * Issue 16: read-your-writes across processes with lazy checkpoints. The api runs here without
 * projections; the projector is a process of its own. A command whose events concern no projection
 * (RegisterAccount) moves only the projector's reader row; a query with `minPosition` at that
 * command's position must answer from it, not wait for the checkpoint rows to catch up (a couple of
 * seconds later) or time out.
 */
describeWithPostgres('Read-your-writes with the projector in another process (PostgreSQL)', (url) => {
  it('answers a query at the position of a command no projection reads, through the reader row', async () => {
    const t: TestApp = await startTestApp({ store: 'postgres', databaseUrl: url, config: { runProjections: false, readWaitMs: 20_000 } });
    const db = t.app.get<Database>(DATABASE).db;
    let projector: ServiceProcess | undefined;
    try {
      const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0].schema;
      projector = startService('projector', {
        EVENT_STORE: 'postgres',
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        AUTH_JWT_SECRET: t.secret,
        INVITATION_SECRET: `${t.secret}-invitations`,
        SMTP_URL: 'smtp://127.0.0.1:1',
        LOG_LEVEL: 'info',
        DATA_DIR: t.dataDir,
      });
      await until(() => projector!.output().includes('projector running'), 90_000, () => `the projector to start (output: ${projector!.output().slice(-2000)})`);
      // Something for the projections first, so that their checkpoints stand at a known page.
      const partner = await approvedPartner(t);
      const reviewer = await t.token('reviewer', 'r-1');
      const seen = await t.request('GET', `/v1/approvals?limit=200&minPosition=${partner.position}`, { token: reviewer });
      expect(seen.status).toBe(200);

      const service = await t.token('service', 'identity-svc');
      const registered = await t.request('POST', '/v1/accounts', { token: service, body: newAccount() });
      expect(registered.status).toBe(201);
      const position = BigInt(registered.body.position);
      const answer = await t.request('GET', `/v1/approvals?limit=200&minPosition=${position}`, { token: reviewer });
      expect(answer.status).toBe(200);
      const reader = (await sql<{ position: string; projections: string[] }>`select position::text as position, projections from projection_reader`.execute(db)).rows;
      const checkpoint = (await sql<{ position: string }>`select position::text as position from projection_checkpoints where name = 'approval-queue'`.execute(db)).rows[0];
      // The answer came through the reader's row: it covers the queue and has passed the command.
      expect(reader).toHaveLength(1);
      expect(reader[0].projections).toContain('approval-queue');
      expect(BigInt(reader[0].position)).toBeGreaterThanOrEqual(position);
      process.stdout.write(`[read-your-writes] reader at ${reader[0].position}, approval-queue checkpoint row at ${checkpoint.position} when the answer came (command at ${position})\n`);
      // And the checkpoint rows catch up with it by themselves.
      await until(async () => BigInt((await sql<{ position: string }>`select position::text as position from projection_checkpoints where name = 'approval-queue'`.execute(db)).rows[0].position) >= position, 30_000, 'the checkpoint rows to catch up with the reader');
    } finally {
      if (projector) await stopService(projector);
      await t.close();
    }
  });
});
