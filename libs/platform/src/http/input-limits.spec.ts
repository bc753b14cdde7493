import { DomainError } from '../domain/domain-error';
import { assertAcceptableInput, isStorableText } from './input-limits';

/** The DomainError `assertAcceptableInput` throws for `value`, or undefined when it accepts it. */
const refusal = (value: unknown): DomainError | undefined => {
  try {
    assertAcceptableInput(value, 'body');
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

  it('names every string PostgreSQL cannot store, at any depth, and property names too', () => {
    const error = refusal({ reason: 'a\u0000b', company: { legalName: 'x\ud800' }, customers: [{ commonName: 'ok' }, { commonName: '\udc00y' }], ['k\u0000']: 1 });
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', kind: 'invalid' });
    expect((error?.extensions.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['reason', 'company.legalName', 'customers.1.commonName', 'k\u0000']);
    expect((refusal('\u0000')?.extensions.errors as Array<{ field: string }>)[0].field).toBe('body');
  });

  it('takes every other text, paired surrogates included', () => {
    for (const text of ['', 'Công ty Sao Việt', '深圳市云帆科技有限公司', '😀 emoji', '\u0001\u001f\u007f', '\ud83d\ude00']) expect([text, isStorableText(text)]).toEqual([text, true]);
    for (const text of ['\u0000', '\ud800', '\udc00', 'a\ud800b', '\ude00\ud83d']) expect([text, isStorableText(text)]).toEqual([text, false]);
  });

  it('refuses an array over 100 elements and an object over 64 properties without looking inside', () => {
    expect(refusal({ customers: Array.from({ length: 100 }, () => ({ email: 'a' })) })).toBeUndefined();
    const rows = refusal({ customers: Array.from({ length: 50_000 }, () => ({ commonName: '\u0000' })) });
    expect(rows?.extensions).toEqual({ errors: [{ field: 'customers', messages: ['customers must contain no more than 100 elements'] }] });
    expect(refusal(Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 1])))).toBeUndefined();
    const keys = refusal({ customers: [Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, '\u0000']))] });
    expect(keys?.extensions).toEqual({ errors: [{ field: 'customers.0', messages: ['customers.0 must have no more than 64 properties'] }] });
  });

  it('lists at most 20 errors and counts the rest', () => {
    const error = refusal({ customers: Array.from({ length: 30 }, () => ({ commonName: '\u0000' })) });
    expect(error?.extensions.errors).toHaveLength(20);
    expect(error?.extensions.errorsOmitted).toBe(10);
  });

  it('accepts scalars and ordinary bodies', () => {
    for (const value of [undefined, null, 1, 'x', true, {}, [], { customers: [{ email: 'a@example.vn', commonName: 'A' }] }]) expect(refusal(value)).toBeUndefined();
  });
});
