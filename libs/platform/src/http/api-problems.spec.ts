import { ApiProblems, ApiProblemsWith, COMMAND_CONFLICTS, PROBLEM_SCHEMAS, withProblemSchemas } from './api-problems';

/** @nestjs/swagger's metadata key of responses (`DECORATORS.API_RESPONSE`, not exported from its index). */
const API_RESPONSE = 'swagger/apiResponse';

/** The responses a decorated method declares, as @nestjs/swagger reads them. */
function responsesOf(decorator: MethodDecorator): Record<string, any> {
  class Subject {
    route(): void {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Subject.prototype, 'route')!;
  decorator(Subject.prototype, 'route', descriptor);
  return Reflect.getMetadata(API_RESPONSE, descriptor.value);
}

describe(ApiProblems.name, () => {
  it('declares each status as problem+json with the Problem schema and an example per code', () => {
    const responses = responsesOf(ApiProblems(400, [409, 'PARTNER_NOT_PENDING', ...COMMAND_CONFLICTS]));
    expect(Object.keys(responses).sort()).toEqual(['400', '409']);
    const conflict = responses['409'].content['application/problem+json'];
    expect(conflict.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(Object.keys(conflict.examples)).toEqual(['PARTNER_NOT_PENDING', 'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_IN_USE']);
    expect(conflict.examples.PARTNER_NOT_PENDING.value).toMatchObject({ type: 'urn:partner-portal:problem:partner-not-pending', title: 'Conflict', status: 409, code: 'PARTNER_NOT_PENDING' });
    expect(responses['409'].description).toContain('`PARTNER_NOT_PENDING`');
  });

  it('shows the usual code of a status given without codes', () => {
    const responses = responsesOf(ApiProblems(400, 401, 503));
    expect(Object.keys(responses['400'].content['application/problem+json'].examples)).toEqual(['VALIDATION_FAILED']);
    expect(responses['400'].content['application/problem+json'].examples.VALIDATION_FAILED.value.errors).toHaveLength(1);
    expect(Object.keys(responses['401'].content['application/problem+json'].examples)).toEqual(['UNAUTHENTICATED']);
    expect(Object.keys(responses['503'].content['application/problem+json'].examples)).toEqual(['STORE_UNAVAILABLE']);
  });

  it('documents a route’s own extensions as allOf the Problem schema and them', () => {
    const responses = responsesOf(ApiProblemsWith({ $ref: '#/components/schemas/RegisterPartnerProblemDto' }, [422, 'THRESHOLD_NOT_MET']));
    expect(responses['422'].content['application/problem+json'].schema).toEqual({ allOf: [{ $ref: '#/components/schemas/Problem' }, { $ref: '#/components/schemas/RegisterPartnerProblemDto' }] });
  });
});

describe(withProblemSchemas.name, () => {
  it('adds the Problem schema, open to extensions, beside the schemas already there', () => {
    const document = withProblemSchemas({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { CommandAnswer: { type: 'object' } } } });
    expect(Object.keys(document.components!.schemas!).sort()).toEqual(['CommandAnswer', ...Object.keys(PROBLEM_SCHEMAS)].sort());
    expect(document.components!.schemas!.Problem).toMatchObject({ additionalProperties: true, required: ['type', 'title', 'status', 'detail', 'code'] });
  });
});
