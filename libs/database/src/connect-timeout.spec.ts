import { sql } from 'kysely';
import { createServer, Server, Socket } from 'node:net';
import { openDatabase } from './database';

/**
 * A "database" on an unreachable host, made deterministic here: a TCP server that accepts and
 * never answers (the startup message is never answered), as a host dropping packets would leave
 * the client waiting. Without `connectionTimeoutMillis`, `pg` waits for ever.
 */
describe('PostgreSQL that accepts and never answers', () => {
  let server: Server;
  let url: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `postgres://postgres@127.0.0.1:${(server.address() as { port: number }).port}/test`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails a query once the connect time-out has passed, instead of hanging', async () => {
    const database = await openDatabase({ kind: 'postgres', url, connectTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(sql`select 1`.execute(database.db)).rejects.toThrow(/timeout/i);
      expect(sockets.length).toBeGreaterThan(0);
      // Bounded by the time-out, not by the kernel's TCP retries; generous for a loaded machine.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await database.close();
    }
  });

  it('fails opening with a schema the same way', async () => {
    await expect(openDatabase({ kind: 'postgres', url, schema: 'blackhole', connectTimeoutMs: 300 })).rejects.toThrow(/timeout/i);
  });
});
