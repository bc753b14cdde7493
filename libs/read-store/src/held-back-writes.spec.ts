import { inlineParameters } from './held-back-writes';

describe('inlineParameters', () => {
  it('writes each parameter as a literal, $10 not taken for $1 followed by 0', () => {
    const params = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    const text = Array.from({ length: 10 }, (_, i) => `$${i + 1}`).join(', ');
    expect(inlineParameters(`select ${text}`, params)).toBe(`select ${params.map((p) => `'${p}'`).join(', ')}`);
  });

  it("quotes as pg does: a quote doubled, a backslash in an E'' string, null as NULL", () => {
    expect(inlineParameters('insert into t values ($1, $2, $3)', ["O'Brien", 'a\\b', null])).toBe(
      "insert into t values ('O''Brien',  E'a\\\\b', NULL)",
    );
  });

  it("converts as pg's parameters do: numbers, bigints, booleans, arrays, objects as JSON, dates in ISO form", () => {
    const out = inlineParameters('select $1, $2, $3, $4::text[], $5::jsonb, $6', [42, 10n ** 20n, true, ['a', 'b"c'], { x: 1 }, new Date('2026-12-07T10:00:00.000Z')]);
    expect(out).toContain(`'42', '100000000000000000000', 'true',  E'{"a","b\\\\"c"}'::text[]`);
    expect(out).toContain(`'{"x":1}'::jsonb`);
    // pg sends a Date in the process's time zone with its offset: the same instant.
    const date = /, '([^']+)'$/.exec(out)![1];
    expect(new Date(date.replace(' ', 'T')).toISOString()).toBe('2026-12-07T10:00:00.000Z');
  });

  it('leaves $n alone inside literals, quoted identifiers, comments and dollar quotes', () => {
    const text = `select '$1', E'it\\'s $1', "col$1", $1 -- $1\n, /* $1 /* nested $1 */ $1 */ $tag$ $1 $tag$, $$ $1 $$, a$1`;
    expect(inlineParameters(text, ['x'])).toBe(text.replace(`"col$1", $1`, `"col$1", 'x'`));
  });

  it('refuses a binary value, which pg sends as bytes and no literal says for every column', () => {
    expect(() => inlineParameters('insert into t values ($1)', [Buffer.from('hi')])).toThrow('binary value');
    expect(() => inlineParameters('insert into t values ($1)', [new Uint8Array([1])])).toThrow('binary value');
  });

  it('refuses a placeholder it has no parameter for, and an unterminated literal', () => {
    expect(() => inlineParameters('select $2', ['x'])).toThrow('$2 has no parameter');
    expect(() => inlineParameters("select 'open", [])).toThrow('unterminated');
  });
});
