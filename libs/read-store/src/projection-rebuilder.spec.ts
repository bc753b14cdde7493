import { RecordedEvent } from '@pp/event-store';
import { pageCountAfter, REBUILD_PAGE_BYTES } from './projection-rebuilder';

/** `count` events whose data and metadata JSON together take about `bytes` characters. */
function page(count: number, bytes: number): RecordedEvent[] {
  const metadata = { correlationId: 'c' };
  const padding = 'x'.repeat(Math.max(0, bytes - JSON.stringify(metadata).length - JSON.stringify({ text: '' }).length));
  return Array.from({ length: count }, (_, i) => ({
    streamId: `s-${i}`,
    revision: 0n,
    position: BigInt(i + 1),
    eventId: `e-${i}`,
    type: 'Noted',
    data: { text: padding },
    metadata,
    recordedAt: '2026-12-08T00:00:00.000Z',
  }));
}

describe('pageCountAfter', () => {
  it('reads full pages after an empty page and after small events', () => {
    expect(pageCountAfter([])).toBe(5_000);
    expect(pageCountAfter(page(5_000, 800))).toBe(5_000);
  });

  it('cuts the next page to about REBUILD_PAGE_BYTES of JSON when events are large', () => {
    const count = pageCountAfter(page(5_000, 10_000));
    expect(count).toBe(Math.floor(REBUILD_PAGE_BYTES / 10_000));
    expect(count * 10_000).toBeLessThanOrEqual(REBUILD_PAGE_BYTES);
  });

  it('reads at least 100 events, so that very large events still make progress in few reads', () => {
    expect(pageCountAfter(page(10, 1_000_000))).toBe(100);
    expect(pageCountAfter(page(10, 1_000_000), 50)).toBe(50);
  });
});
