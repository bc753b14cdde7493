import { DomainError } from './domain-error';
import { formatAmount, parseAmount } from './money';

describe('money', () => {
  it('parses decimal strings into minor units', () => {
    expect(parseAmount('2000000', 'VND')).toBe(2000000n);
    expect(parseAmount('12.50', 'CNY')).toBe(1250n);
    expect(parseAmount('12.5', 'CNY')).toBe(1250n);
    expect(parseAmount('9007199254740993', 'VND')).toBe(9007199254740993n);
    expect(parseAmount('-3', 'VND', { allowNegative: true })).toBe(-3n);
  });

  it.each([['1e6', 'VND'], ['1.5', 'VND'], ['0.001', 'CNY'], ['-1', 'VND'], [' 1', 'VND'], ['01', 'VND'], ['', 'VND'], ['1,5', 'CNY']])('refuses %s %s', (text, currency) => {
    expect(() => parseAmount(text, currency)).toThrow(DomainError);
  });

  it('formats minor units back to the decimal string', () => {
    expect(formatAmount(1250n, 'CNY')).toBe('12.50');
    expect(formatAmount(5n, 'CNY')).toBe('0.05');
    expect(formatAmount(-20000000n, 'VND')).toBe('-20000000');
  });
});
