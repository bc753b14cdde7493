import { DomainError } from '../domain/domain-error';
import { assertAcceptableInput } from './input-limits';

/** The DomainError `assertAcceptableInput` throws for `value`, or undefined when it accepts it. */
const refusal = (value: unknown): DomainError | undefined => {
  try {
    assertAcceptableInput(value);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

/** `depth` arrays one inside the other around 1, parsed (JSON.parse does not recurse). */
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + '1' + ']'.repeat(depth));

describe(assertAcceptableInput.name, () => {
  it('accepts 32 levels of nesting and refuses 33 with BODY_TOO_DEEP', () => {
    expect(refusal(nested(32))).toBeUndefined();
    expect(refusal({ a: [{ b: nested(29) }] })).toBeUndefined();
    expect(refusal(nested(33))).toMatchObject({ code: 'BODY_TOO_DEEP', kind: 'invalid' });
    expect(refusal({ a: [{ b: nested(30) }] })?.code).toBe('BODY_TOO_DEEP');
  });

  it('refuses half a million levels without overflowing the stack', () => {
    expect(refusal(nested(500_000))?.code).toBe('BODY_TOO_DEEP');
  });

  it('accepts scalars and ordinary bodies', () => {
    for (const value of [undefined, null, 1, 'x', true, {}, [], { customers: [{ email: 'a@example.vn', commonName: 'A' }] }]) expect(refusal(value)).toBeUndefined();
  });
});
