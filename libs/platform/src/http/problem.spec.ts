import { BadRequestException, NotFoundException } from '@nestjs/common';
import { conflict, ruleViolation } from '../domain/domain-error';
import { isStoreUnavailable, toProblem } from './problem';

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

  it('names the framework refusals of an over-long path or header block, without echoing the path', () => {
    const path = `/v1/partners/${'x'.repeat(5000)}`;
    const uri = toProblem(Object.assign(new URIError(`'${path}' is exceeding the max param length`), { statusCode: 414 }), path);
    expect([uri.status, uri.code, uri.title]).toEqual([414, 'URI_TOO_LONG', 'URI Too Long']);
    expect(uri.detail).not.toContain('xxxx');
    expect(toProblem({ statusCode: 431 })).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', title: 'Request Header Fields Too Large' });
  });

  it('answers 503 STORE_UNAVAILABLE when the store went away, and 500 for anything else', () => {
    const cases: Array<[unknown, boolean]> = [
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
      [new Error('Connection terminated unexpectedly'), true],
      [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
      [Object.assign(new Error('the database system is starting up'), { code: '57P03' }), true],
      [Object.assign(new Error('connection failure'), { code: '08006' }), true],
      [Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), true],
      [Object.assign(new Error('14 UNAVAILABLE: No connection established'), { type: 'unavailable' }), true],
      [Object.assign(new Error('duplicate key value'), { code: '23505' }), false],
      [Object.assign(new Error('division by zero'), { code: '22012' }), false],
      [Object.assign(new Error('bind message supplies 1 parameters, but prepared statement requires 2'), { code: '08P01' }), false],
      [new Error('Client was closed and is not queryable'), false],
      [Object.assign(new Error('cancelled by the server'), { type: 'cancelled' }), false],
      [new TypeError('x is undefined'), false],
      ['a string', false],
    ];
    for (const [error, unavailable] of cases) {
      expect([error instanceof Error ? error.message : error, isStoreUnavailable(error)]).toEqual([error instanceof Error ? error.message : error, unavailable]);
      expect(toProblem(error).status).toBe(unavailable ? 503 : 500);
    }
    expect(toProblem(new Error('Connection terminated unexpectedly'), '/v1/accounts?x=1')).toMatchObject({ code: 'STORE_UNAVAILABLE', instance: '/v1/accounts' });
  });
});
