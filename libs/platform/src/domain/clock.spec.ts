import { clockStartingAt } from './clock';

describe(clockStartingAt.name, () => {
  it('starts at the given time and runs on in real time', async () => {
    const clock = clockStartingAt(new Date('2026-11-23T03:00:00.000Z'));
    const first = clock.now().getTime();
    expect(first - Date.parse('2026-11-23T03:00:00.000Z')).toBeGreaterThanOrEqual(0);
    expect(first - Date.parse('2026-11-23T03:00:00.000Z')).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now().getTime() - first).toBeGreaterThanOrEqual(25);
  });
});
