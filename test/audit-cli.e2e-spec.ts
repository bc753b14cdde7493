import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { approvedPartner, startTestApp } from './support/test-app';

const run = promisify(execFile);

describe('npm run audit:verify, audit:export and projections:rebuild (embedded store)', () => {
  it('verifies the chain of a real log and exports a stream and a range as JSON Lines', async () => {
    const t = await startTestApp();
    const partner = await approvedPartner(t);
    const dataDir = t.dataDir;
    await t.app.close();
    const env = { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'embedded', PORT: '3999', NODE_OPTIONS: '' };
    try {
      const verify = await run('npm', ['run', '-s', 'audit:verify'], { env, cwd: process.cwd() });
      expect(verify.stdout).toMatch(/^intact: \d+ events in \d+ streams verified/);

      const stream = await run('npm', ['run', '-s', 'audit:export', '--', '--stream', `partner-${partner.partnerId}`], { env, cwd: process.cwd() });
      const events = stream.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(events.map((e) => [e.type, e.revision])).toEqual([
        ['PartnerRegistrationSubmitted', '0'],
        ['PartnerApproved', '1'],
      ]);
      expect(events[1].metadata.previousHash).toBe(events[0].metadata.hash);

      const range = await run('npm', ['run', '-s', 'audit:export', '--', '--from', '0', '--to', events[0].position], { env, cwd: process.cwd() });
      const lines = range.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.at(-1).eventId).toBe(events[0].eventId);
      expect(lines.every((e: { position: string }) => BigInt(e.position) <= BigInt(events[0].position))).toBe(true);

      await expect(run('npm', ['run', '-s', 'audit:export'], { env, cwd: process.cwd() })).rejects.toMatchObject({ code: 2 });

      const rebuild = await run('npm', ['run', '-s', 'projections:rebuild', '--', 'partners', 'approval-queue'], { env, cwd: process.cwd() });
      expect(rebuild.stdout).toMatch(/^partners: \d+ events replayed in [\d.]+ s \(\d+ events\/s\), swapped in at position \d+$/m);
      expect(rebuild.stdout).toMatch(/^approval-queue: /m);
      await expect(run('npm', ['run', '-s', 'projections:rebuild', '--', 'mail-outbox'], { env, cwd: process.cwd() })).rejects.toMatchObject({ code: 2 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
