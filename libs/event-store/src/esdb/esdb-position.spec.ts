import { packPosition, unpackPosition } from './esdb-position';

describe('EventStoreDB positions packed into one bigint', () => {
  it('keeps commit and prepare exactly', () => {
    for (const p of [
      { commit: 0n, prepare: 0n },
      { commit: 43033n, prepare: 42800n },
      { commit: 2n ** 41n, prepare: 2n ** 41n - 2n ** 20n },
    ]) {
      expect(unpackPosition(packPosition(p))).toEqual(p);
    }
  });

  it('sorts as $all does: by commit, then by prepare', () => {
    const log = [
      { commit: 100n, prepare: 90n },
      { commit: 100n, prepare: 95n },
      { commit: 100n, prepare: 100n },
      { commit: 250n, prepare: 200n },
      { commit: 300n, prepare: 300n },
    ];
    const packed = log.map(packPosition);
    expect([...packed].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(packed);
    expect(new Set(packed).size).toBe(log.length);
  });

  it('refuses what it cannot keep exactly', () => {
    expect(() => packPosition({ commit: 10n, prepare: 11n })).toThrow(RangeError);
    expect(() => packPosition({ commit: 2n ** 22n, prepare: 0n })).toThrow(RangeError);
    expect(() => packPosition({ commit: 2n ** 42n, prepare: 2n ** 42n })).toThrow(RangeError);
  });
});
