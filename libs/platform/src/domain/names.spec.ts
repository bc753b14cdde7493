import { normalizeName } from './names';

describe('normalizeName', () => {
  it('trims and collapses every run of white space, ideographic and no-break spaces included, to one space', () => {
    expect(normalizeName('  Công ty \u00A0 Sao\tViệt\u3000 ')).toBe('Công ty Sao Việt');
  });

  it('composes decomposed letters (NFC), so a name typed on another keyboard is stored the same', () => {
    expect(normalizeName('Cơng ty Sao Vie\u0323\u0302t')).toBe('Cơng ty Sao Việt');
  });

  it('drops invisible format characters but keeps full-width punctuation as written', () => {
    expect(normalizeName('\uFEFF深圳市云帆\u200B科技（集团）有限公司\u00AD')).toBe('深圳市云帆科技（集团）有限公司');
  });

  it('leaves a clean name as it is', () => {
    expect(normalizeName('深圳市云帆科技有限公司')).toBe('深圳市云帆科技有限公司');
  });
});
