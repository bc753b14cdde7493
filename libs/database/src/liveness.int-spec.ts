import { describeWithPostgres } from './testing/postgres-test';
import { eventually } from '@pp/platform/testing/wait';
import { createServer, Server, Socket } from 'node:net';
import { Database, openDatabase } from './database';

/**
 * A TCP proxy to PostgreSQL whose open connections can go silent: kept open, forwarding nothing
 * more, as a NAT or firewall that dropped an idle connection leaves them. New connections work.
 */
async function silenceableProxy(target: URL): Promise<{ url: string; silence(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const live = new Set<{ silent: boolean }>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    const state = { silent: false };
    live.add(state);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    client.on('data', (chunk) => state.silent || upstream.write(chunk));
    upstream.on('data', (chunk) => state.silent || client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    silence: () => {
      for (const state of live) state.silent = true;
      live.clear();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeWithPostgres('Waiting connections notice a peer gone silent (PostgreSQL)', (url) => {
  let proxy: Awaited<ReturnType<typeof silenceableProxy>>;
  let database: Database;
  beforeEach(async () => {
    proxy = await silenceableProxy(new URL(url));
    database = await openDatabase({ kind: 'postgres', url: proxy.url, livenessPingMs: 200 });
  });
  afterEach(async () => {
    await database.close().catch(() => undefined);
    await proxy.close();
  });

  it('gives the leadership up when its connection stops answering', async () => {
    const lease = await database.tryLead(`liveness-${Date.now()}`);
    expect(lease).not.toBeNull();
    let lost = false;
    void lease!.lost.then(() => (lost = true));
    await new Promise((r) => setTimeout(r, 600));
    expect(lost).toBe(false); // pings answered while the connection was alive
    proxy.silence();
    await eventually(() => lost, (l) => l, 2_000, 'the lease to be lost after its connection went silent');
    await lease!.release();
  });

  it('replaces a LISTEN connection that stops answering', async () => {
    let listening = 0;
    const listener = await database.listen!('pp_liveness_test', { onNotify: () => undefined, onListening: () => void (listening += 1) });
    expect(listening).toBe(1);
    proxy.silence();
    await eventually(() => listening, (n) => n >= 2, 3_000, 'the LISTEN connection to be replaced after it went silent');
    await listener.close();
  });
});
