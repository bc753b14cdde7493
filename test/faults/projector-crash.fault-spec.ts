import { Database, dropSchema, openDatabase, sql } from '@pp/database';
import { describeWithPostgres, testSchema } from '@pp/database/testing/postgres-test';
import { SqlEventStore } from '@pp/event-store';
import { FixedClock } from '@pp/platform';
import { ProjectionRebuilder } from '@pp/read-store';
import { PROJECTION_LIST } from '../../apps/api/src/projections';
import { startSmtp } from '../support/smtp';
import { tableRows } from '../support/tables';
import { ServiceProcess, startService, stopService, until } from '../support/processes';
import { approvedPartner, registeredAccount, startTestApp, TestApp } from '../support/test-app';

const KILLS = 8;

/**
 * Issue 8: the process running the projections and the mail reactor (apps/projector) is killed with
 * SIGKILL again and again while it works through the log and while commands keep arriving, and
 * started again each time. Afterwards every read model must equal a rebuild from the log, and no
 * mail may have reached the SMTP server twice (each event's mail is sent at most once; one cut off
 * mid-send is marked `unknown`, never resent).
 */
describeWithPostgres('The projector killed with SIGKILL mid-batch, again and again (PostgreSQL)', (url) => {
  it('ends with read models equal to a rebuild, and no mail sent twice', async () => {
    const schema = testSchema('crash');
    const smtp = await startSmtp();
    // The api runs in this process with no projections; its clock is the real time, so that the
    // projector's expiry reactor (on the system clock) finds the invitations open.
    const t: TestApp = await startTestApp({ store: 'postgres', databaseUrl: url, clock: new FixedClock(new Date()), config: { databaseSchema: schema, runProjections: false } });
    const database: Database = await openDatabase({ kind: 'postgres', url, schema });
    const store = await SqlEventStore.open(database);
    let projector: ServiceProcess | undefined;
    let mailsExpected = 0;
    const workload = async (partners: number) => {
      for (let i = 0; i < partners; i++) {
        const partner = await approvedPartner(t);
        const invited = await Promise.all([0, 1, 2].map(() => registeredAccount(t)));
        const added = await t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers: invited.map((a) => ({ email: a.email, commonName: a.accountId })) } });
        expect(added.body.rows.map((r: { result: string }) => r.result)).toEqual(['invited', 'invited', 'invited']);
        // Registration received, approved, and one invitation per customer.
        mailsExpected += 2 + invited.length;
      }
    };
    const env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      AUTH_JWT_SECRET: t.secret,
      INVITATION_SECRET: `${t.secret}-invitations`,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      PUBLIC_URL: 'https://partner.example.vn',
      PROJECTION_BATCH_SIZE: '10',
      LOG_LEVEL: 'warn',
      DATA_DIR: t.dataDir,
    };
    const checkpoints = async () =>
      new Map((await sql<{ name: string; position: string }>`select name, position::text as position from projection_checkpoints`.execute(database.db)).rows.map((r) => [r.name, BigInt(r.position)]));
    try {
      await workload(30);
      const killedBehind: number[] = [];
      let writing = true;
      // Commands keep arriving while the projector dies and restarts: a partner (five mails) every 0.3 s or so, at most 20.
      const writer = (async () => {
        for (let i = 0; writing && i < 20; i++) {
          await workload(1);
          await new Promise((r) => setTimeout(r, 300));
        }
      })();
      // Where the log and the projections stand: behind means a batch is being read or applied.
      const behind = async () => {
        const head = await store.headPosition();
        const reached = [...(await checkpoints()).values()];
        return reached.length < PROJECTION_LIST.length || reached.some((p) => p < head);
      };
      for (let kill = 0; kill < KILLS; kill++) {
        projector = startService('projector', env, { compiled: true });
        await until(() => projector!.output().includes('projector running'), 60_000, () => `the projector to start (output: ${projector!.output().slice(-2000)})`);
        if (kill % 2 === 0) {
          // Killed the moment it is seen behind the log (it restarts behind: the writer went on while
          // it was down), else after 2 s.
          const end = Date.now() + 2_000;
          while (Date.now() < end && !(await behind())) await new Promise((r) => setTimeout(r, 5));
        } else {
          // Later, while the mails go out.
          await new Promise((r) => setTimeout(r, 600 + Math.random() * 1200));
        }
        const wasBehind = await behind();
        projector.child.kill('SIGKILL');
        await projector.exited;
        if (wasBehind) killedBehind.push(kill);
      }
      writing = false;
      await writer;
      const mailsBeforeEnd = smtp.received.length;

      // The last one runs to the end of the log and of the outbox.
      projector = startService('projector', env, { compiled: true });
      const head = await store.headPosition();
      await until(async () => {
        const reached = await checkpoints();
        return PROJECTION_LIST.every((p) => (reached.get(p.name) ?? 0n) >= head);
      }, 120_000, 'every projection to reach the head of the log');
      const undrained = async () => (await sql<{ status: string; n: string; next: string; err: string }>`select status, count(*) as n, min(next_attempt_at)::text as next, max(last_error) as err from mail_outbox group by status`.execute(database.db)).rows;
      await until(async () => (await undrained()).every((r) => r.status !== 'pending' && r.status !== 'sending'), 120_000, 'the outbox to drain').catch(async (error: Error) => {
        throw new Error(`${error.message}: ${JSON.stringify(await undrained())}; projector output: ${projector?.output().slice(-3000)}`);
      });
      // A graceful stop: the batch in hand finished, the checkpoint kept (SIGTERM re-raised by Nest once closed).
      expect([0, 'SIGTERM']).toContain(await stopService(projector));
      expect(projector.output()).not.toMatch(/"level":50|Error:/);
      projector = undefined;

      // Killed while behind the log (mid-stream, batches in flight) at least once: else the test proved nothing.
      expect(killedBehind.length).toBeGreaterThan(0);

      // Read models equal a rebuild from the log, table by table, row by row.
      const snapshot = (tables: readonly string[]) => tableRows(database.db, tables);
      const rebuildable = PROJECTION_LIST.filter((p) => !p.notRebuildable);
      const live = await snapshot(rebuildable.flatMap((p) => p.tables));
      expect(live.partners.length).toBeGreaterThanOrEqual(30);
      const rebuilder = new ProjectionRebuilder(database, store);
      for (const projection of rebuildable) await rebuilder.rebuild(projection);
      expect(await snapshot(rebuildable.flatMap((p) => p.tables))).toEqual(live);

      // Mail: one outbox row per mail-worthy event, and no message received twice.
      const outbox = (await sql<{ event_id: string; status: string }>`select event_id, status from mail_outbox`.execute(database.db)).rows;
      expect(outbox).toHaveLength(mailsExpected);
      const ids = smtp.received.map((m) => /^Message-ID: <([^@>]+)@partner-portal>$/im.exec(m.raw)?.[1]);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      const statuses = outbox.reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
      // Sent means received; `unknown` (cut off mid-send) is at most one per kill, and is not resent.
      const received = new Set(ids);
      expect(outbox.filter((r) => r.status === 'sent' && !received.has(r.event_id))).toEqual([]);
      expect(Object.keys(statuses).filter((s) => s !== 'sent' && s !== 'unknown')).toEqual([]);
      expect(statuses.unknown ?? 0).toBeLessThanOrEqual(KILLS);
      expect(ids.every((id) => outbox.some((r) => r.event_id === id))).toBe(true);
      process.stdout.write(
        `[projector-crash] ${KILLS} SIGKILLs (${killedBehind.length} behind the log); ${await store.countEvents()} events; outbox ${JSON.stringify(statuses)}; ${smtp.received.length} mails received (${mailsBeforeEnd} before the last start), none twice; ${rebuildable.length} read models equal to their rebuild\n`,
      );
    } finally {
      if (projector) {
        projector.child.kill('SIGKILL');
        await projector.exited;
      }
      // Every step runs whatever the one before did; a failing step is printed, named, and does not
      // hide the test's own outcome (it once failed here, after every assertion had passed).
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['close the api', () => t.close()],
        ['close the store', () => store.close()],
        ['close the database', () => database.close()],
        ['close the SMTP server', () => smtp.close()],
        ['drop the schema', () => dropSchema(url, schema)],
      ];
      for (const [name, step] of steps) {
        await step().catch((error: unknown) => process.stdout.write(`[projector-crash] cleanup could not ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
      }
    }
  });
});
