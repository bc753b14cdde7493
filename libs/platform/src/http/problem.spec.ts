import { BadRequestException, NotFoundException } from '@nestjs/common';
import { conflict, ruleViolation } from '../domain/domain-error';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('maps a domain error to its status and keeps its code and extensions', () => {
    expect(toProblem(ruleViolation('TERMS_NOT_ACCEPTED', 'accept them', { termsVersion: '2023-07' }), '/v1/partners')).toEqual({
      type: 'urn:partner-portal:problem:terms-not-accepted',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'accept them',
      code: 'TERMS_NOT_ACCEPTED',
      instance: '/v1/partners',
      termsVersion: '2023-07',
    });
  });

  it('never lets an extension replace a standard member', () => {
    const p = toProblem(conflict('PARTNER_NOT_PENDING', 'no', { status: 'approved', code: 'X' }));
    expect(p.status).toBe(409);
    expect(p.code).toBe('PARTNER_NOT_PENDING');
  });

  it('gives HTTP errors a code by status and hides unknown errors behind a 500', () => {
    expect(toProblem(new NotFoundException()).code).toBe('NOT_FOUND');
    expect(toProblem(new BadRequestException('x')).status).toBe(400);
    expect(toProblem(Object.assign(new Error('too big'), { statusCode: 413 })).code).toBe('PAYLOAD_TOO_LARGE');
    const internal = toProblem(new Error('connection string postgres://secret'));
    expect(internal.status).toBe(500);
    expect(internal.detail).not.toContain('secret');
  });
});
