import { DomainError } from './domain-error';
import { formatAmount, formatPercent, parseAmount, parseMoney, parsePercent } from './money';

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

  it('refuses another currency than the program\'s with CURRENCY_MISMATCH', () => {
    expect(parseMoney('10', 'VND', 'VND')).toEqual({ amount: 10n, currency: 'VND' });
    expect(() => parseMoney('10', 'CNY', 'VND')).toThrow(expect.objectContaining({ code: 'CURRENCY_MISMATCH', kind: 'rule' }));
  });

  it('parses and formats percentages as basis points', () => {
    expect(parsePercent('5')).toBe(500);
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent('0.05')).toBe(5);
    expect(parsePercent('100')).toBe(10000);
    for (const bad of ['101', '5.555', '-1', '1e1', '05', '']) expect(() => parsePercent(bad)).toThrow(DomainError);
    expect(formatPercent(1250)).toBe('12.5');
    expect(formatPercent(500)).toBe('5');
    expect(formatPercent(5)).toBe('0.05');
  });
});
