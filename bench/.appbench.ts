import { openDatabase, dropSchema } from '@pp/database';
import { SqlEventStore } from '@pp/event-store';
import { randomUUID } from 'node:crypto';
const url = process.env.DATABASE_URL!;
async function run(inFlight: number, writers: number) {
  const schema = `t_ab_${randomUUID().slice(0, 6)}`;
  const db = await openDatabase({ kind: 'postgres', url, schema, poolSize: 16 });
  const store = await SqlEventStore.open(db, { groupCommitsInFlight: inFlight });
  const streams = Array.from({ length: writers }, () => ({ id: `b-${randomUUID()}`, rev: -1n }));
  const end = Date.now() + 3000; let n = 0;
  await Promise.all(streams.map(async (s) => { while (Date.now() < end) { const r = await store.appendToStream(s.id, [{ eventId: randomUUID(), type: 'B', data: { a: 1 }, metadata: {} }], { expectedRevision: s.rev < 0n ? 'no_stream' : s.rev }); s.rev = r.nextExpectedRevision; n++; } }));
  console.log(`inFlight ${inFlight} writers ${writers}: ${(n / 3).toFixed(0)}/s`);
  await store.close(); await db.close(); await dropSchema(url, schema);
}
(async () => { for (const w of (process.env.W ?? "1,16").split(",").map(Number)) for (const f of (process.env.F ?? '0,1,2,4').split(',').map(Number)) await run(f, w); })();
