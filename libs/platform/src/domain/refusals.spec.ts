import { conflict, DomainError, ruleViolation } from './domain-error';
import { refuseAll } from './refusals';

const thrown = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('nothing thrown');
};

describe('refuseAll', () => {
  it('does nothing without refusals', () => {
    expect(() => refuseAll([])).not.toThrow();
  });

  it('throws a single refusal as it is, without reasons', () => {
    const only = ruleViolation('ACCOUNT_HAS_CREDIT', 'the account has a credit balance');
    expect(thrown(() => refuseAll([only]))).toBe(only);
  });

  it('throws the first code and kind, naming every code in reasons and keeping every extension', () => {
    const error = thrown(() => refuseAll([conflict('A_FIRST', 'first', { x: 1 }), ruleViolation('B_SECOND', 'second', { x: 2, y: 3 })]));
    expect([error.code, error.kind, error.message]).toEqual(['A_FIRST', 'conflict', 'first; second']);
    expect(error.extensions).toEqual({ x: 1, y: 3, reasons: ['A_FIRST', 'B_SECOND'] });
  });
});
