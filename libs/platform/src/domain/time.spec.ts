import { rfc3339ToInstant } from './time';

describe(rfc3339ToInstant.name, () => {
  it('normalises every RFC 3339 form to a UTC instant with milliseconds', () => {
    const cases: Array<[string, string]> = [
      ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
      ['2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'],
      ['2026-11-23T10:00:00+07:00', '2026-11-23T03:00:00.000Z'],
      ['2026-11-22T22:00:00.5-05:00', '2026-11-23T03:00:00.500Z'],
      ['2026-11-23t03:00:00.123456z', '2026-11-23T03:00:00.123Z'],
      ['2026-11-23T03:00:00-00:00', '2026-11-23T03:00:00.000Z'],
      ['2026-01-01T00:30:00+05:45', '2025-12-31T18:45:00.000Z'],
      ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
      ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ];
    for (const [text, instant] of cases) expect([text, rfc3339ToInstant(text)]).toEqual([text, instant]);
  });

  it('rounds a fraction finer than a millisecond down, or up when asked', () => {
    expect(rfc3339ToInstant('2026-11-23T03:00:00.0001Z')).toBe('2026-11-23T03:00:00.000Z');
    expect(rfc3339ToInstant('2026-11-23T03:00:00.0001Z', 'up')).toBe('2026-11-23T03:00:00.001Z');
    expect(rfc3339ToInstant('2026-11-23T03:00:00.9990Z', 'up')).toBe('2026-11-23T03:00:00.999Z');
    expect(rfc3339ToInstant('2026-11-23T03:00:00.999999Z', 'up')).toBe('2026-11-23T03:00:01.000Z');
  });

  it('refuses what is not an RFC 3339 date-time or no real instant', () => {
    for (const text of [
      '2026-11-23T03:00:00',
      '2026-11-23',
      '2026-11-23 03:00:00Z',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '2026-11-23T03:60:00Z',
      '2026-11-23T03:00:60Z',
      '2026-11-23T03:00:00+24:00',
      '2026-11-23T03:00:00+07:60',
      '2026-11-23T03:00:00+0700',
      '2026-11-23T03:00:00.Z',
      '+275760-09-13T00:00:00.000Z',
      '0000-01-01T00:00:00+01:00',
      'yesterday',
      '',
    ]) expect([text, rfc3339ToInstant(text)]).toEqual([text, undefined]);
  });
});
