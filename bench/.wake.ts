import { openDatabase, dropSchema } from '@pp/database';
import { SqlEventStore } from '@pp/event-store';
import { randomUUID } from 'node:crypto';
const url = process.env.DATABASE_URL!;
(async () => {
  const schema = `t_wk_${randomUUID().slice(0, 6)}`;
  const wdb = await openDatabase({ kind: 'postgres', url, schema }); const rdb = await openDatabase({ kind: 'postgres', url, schema });
  const writer = await SqlEventStore.open(wdb); const reader = await SqlEventStore.open(rdb);
  let seen = 0n; const subs = Array.from({ length: 5 }, () => reader.subscribeToAll({ after: 0n, handler: async (e) => { if (e[e.length - 1].position > seen) seen = e[e.length - 1].position; } }));
  const lags: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await writer.appendToStream(`w-${randomUUID()}`, [{ eventId: randomUUID(), type: 'W', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
    const t0 = performance.now(); while (seen < r.position) await new Promise((r) => setTimeout(r, 1)); lags.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(lags.map((l) => l.toFixed(0)).join(' '));
  for (const s of subs) await s.stop(); await writer.close(); await reader.close(); await wdb.close(); await rdb.close(); await dropSchema(url, schema);
})();
