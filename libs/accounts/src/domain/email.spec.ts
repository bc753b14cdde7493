import fc from 'fast-check';
import { legacyNormalizeEmail, normalizeEmail } from './account.events';

describe('normalizeEmail', () => {
  it('gives an internationalised domain and its A-label one form, in lower case', () => {
    expect(normalizeEmail('anna@bücher.example')).toBe('anna@xn--bcher-kva.example');
    expect(normalizeEmail('Anna@BÜCHER.Example')).toBe('anna@xn--bcher-kva.example');
    expect(normalizeEmail('anna@XN--BCHER-KVA.example')).toBe('anna@xn--bcher-kva.example');
  });

  it('folds the domain whether composed or not, and full-width (NFKC, then IDNA)', () => {
    expect(normalizeEmail('anna@bu\u0308cher.example')).toBe('anna@xn--bcher-kva.example');
    expect(normalizeEmail('anna@ｂüｃｈｅｒ．ｅｘａｍｐｌｅ')).toBe('anna@xn--bcher-kva.example');
  });

  it('folds the local part for width and compatibility forms (NFKC) and case', () => {
    expect(normalizeEmail('ｋａｔｅ@example.vn')).toBe('kate@example.vn');
    expect(normalizeEmail('\u212Aate@example.vn')).toBe('kate@example.vn');
    expect(normalizeEmail('KATE@Example.VN')).toBe('kate@example.vn');
    expect(normalizeEmail('\uFB01ona@example.vn')).toBe('fiona@example.vn');
  });

  it('keeps a non-ASCII local part, composed and in lower case', () => {
    expect(normalizeEmail('Jose\u0301@example.es')).toBe('josé@example.es');
  });

  it('splits at the last @ (a quoted local part may hold one)', () => {
    expect(normalizeEmail('"A@B"@Bücher.example')).toBe('"a@b"@xn--bcher-kva.example');
  });

  it('keeps a domain that is no valid host name in lower case rather than losing it', () => {
    expect(normalizeEmail('anna@[192.168.0.1]')).toBe('anna@[192.168.0.1]');
    expect(normalizeEmail('anna@bad\u00A0dömain')).toBe('anna@bad dömain');
  });

  it('normalises an ASCII address exactly as before (trimmed, lower case), so existing reservation streams keep their names', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...' !#$%&\'*+-./0123456789=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~[]"\t'.split('')), maxLength: 40 }), (address) => {
        expect(normalizeEmail(address)).toBe(legacyNormalizeEmail(address));
        expect(normalizeEmail(address)).toBe(address.trim().toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    for (const address of ['anna@bücher.example', '\u212Aate@ｅｘａｍｐｌｅ.vn', 'Jose\u0301@example.es', 'x@y']) expect(normalizeEmail(normalizeEmail(address))).toBe(normalizeEmail(address));
  });
});
