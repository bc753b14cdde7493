import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** Name of the shared problem schema in `components.schemas`. */
export const PROBLEM_SCHEMA = 'Problem';

/** The media type of every refusal (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * The RFC 9457 problem document every refusal of the API is (see {@link toProblem}): the standard
 * members, this API's stable `code`, the per-field `errors` of `VALIDATION_FAILED`, and any other
 * extension a refusal carries (`reasons`, `failed`, `limit`, ...): additional properties are allowed.
 */
export const PROBLEM_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  ProblemFieldError: {
    type: 'object',
    description: 'one invalid field of a VALIDATION_FAILED refusal',
    required: ['field', 'messages'],
    properties: {
      field: { type: 'string', example: 'company.legalName', description: 'dotted path of the field' },
      messages: { type: 'array', items: { type: 'string' }, example: ['legalName should not be empty'] },
    },
  },
  [PROBLEM_SCHEMA]: {
    type: 'object',
    description: 'RFC 9457 problem details with a stable `code`; other members are extensions of the refusal (e.g. `reasons`, `failed`, `limit`).',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', example: 'urn:partner-portal:problem:partner-not-found', description: 'urn:partner-portal:problem:<code in kebab case>' },
      title: { type: 'string', example: 'Not Found', description: 'the HTTP reason phrase of the status' },
      status: { type: 'integer', example: 404 },
      detail: { type: 'string', example: 'no partner vn-ent-saoviet', description: 'for people; never parsed' },
      instance: { type: 'string', example: '/v1/partners/vn-ent-saoviet', description: 'the path refused, without its query' },
      code: { type: 'string', example: 'PARTNER_NOT_FOUND', description: 'stable code that clients branch on' },
      reasons: { type: 'array', items: { type: 'string' }, description: 'every failed rule, when more than one failed' },
      errors: { type: 'array', items: { $ref: getSchemaPath('ProblemFieldError') }, description: 'VALIDATION_FAILED: the invalid fields (at most 20)' },
      errorsOmitted: { type: 'integer', description: 'VALIDATION_FAILED: how many more invalid fields there were' },
    },
    additionalProperties: true,
  },
};

/**
 * 409 codes every command may answer besides its own: its stream kept changing while it was decided,
 * or a request with the same `Idempotency-Key` is still being answered.
 */
export const COMMAND_CONFLICTS = ['CONCURRENCY_CONFLICT', 'IDEMPOTENCY_KEY_IN_USE'] as const;

/** 503 codes of a read with `minPosition`: its read model did not catch up in time, or the store is away. */
export const READ_UNAVAILABLE = ['READ_MODEL_BEHIND', 'STORE_UNAVAILABLE'] as const;

/** A status a route may refuse with. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 422 | 500 | 503;

/** A status, or a status with the codes the route answers with it (the first is the example shown first). */
export type ProblemAnswer = ProblemStatus | readonly [ProblemStatus, string, ...string[]];

const TITLE: Record<ProblemStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What each status means here, and the code shown when the route names none. */
const DEFAULTS: Record<ProblemStatus, { description: string; code: string }> = {
  400: { description: 'malformed or invalid input (per-field `errors`)', code: 'VALIDATION_FAILED' },
  401: { description: 'no bearer token, or a bad or expired one', code: 'UNAUTHENTICATED' },
  403: { description: 'the role may not do this, or the subject is not the caller’s own', code: 'FORBIDDEN' },
  404: { description: 'the subject does not exist', code: 'NOT_FOUND' },
  409: { description: 'the subject’s state or a concurrent change conflicts with the command', code: 'CONCURRENCY_CONFLICT' },
  422: { description: 'a business rule refused the command', code: 'IDEMPOTENCY_KEY_REUSED' },
  500: { description: 'the request could not be completed; it has been logged', code: 'INTERNAL_ERROR' },
  503: { description: 'the store is unavailable for a moment (Retry-After)', code: 'STORE_UNAVAILABLE' },
};

/** Details of the examples, as the api words them; a code not listed gets a generic one. */
const DETAIL: Record<string, string> = {
  ACCOUNT_ALREADY_REGISTERED: 'account vn-ent-saoviet is already registered',
  ACCOUNT_IS_PARTNER_CUSTOMER: "a partner's customer account, or one invited by a partner, cannot become a partner",
  ACCOUNT_NOT_ENTERPRISE: 'only enterprise accounts may become partners',
  ACCOUNT_NOT_FOUND: 'account vn-ent-saoviet is not registered',
  ASSESSMENT_NOT_ENDED: 'the assessment period ends at 2027-02-25T03:00:00.000Z',
  BILLING_REFERENCE_CONFLICT: 'billing reference INV-2026-11-77 was already recorded with other content',
  BRAND_CONFLICT: 'the company name may not contain VNG',
  BUSINESS_LICENCE_ALREADY_REGISTERED: 'another partner application or partner is registered with this business licence number',
  COMPANY_NAME_MISMATCH: 'the company name must be the verified legal name of the account',
  CONCURRENCY_CONFLICT: 'the stream kept changing while the command was decided; try again',
  CURRENCY_MISMATCH: 'this program settles in VND, not USD',
  CURRENCY_NOT_SUPPORTED: 'currency XXX is not supported',
  CUSTOMER_NOT_ACTIVE: 'the relationship is declined',
  CUSTOMER_NOT_APPROVED: 'credit goes only to an approved customer of this partner',
  CUSTOMER_NOT_FOUND: 'vn-cus-minhphat is not a customer of vn-ent-saoviet',
  CUSTOMER_NOT_PENDING: 'the customer is approved, not pending approval',
  DEPOSIT_REFERENCE_CONFLICT: 'payment reference PAY-2026-11-0001 was already deposited with another amount',
  DISCOUNT_ABOVE_CAP: 'the program allows at most 20 %',
  DUPLICATE_SKU: 'SKU vserver-2c4g is listed twice',
  EFFECTIVE_DATE_BEFORE_LATEST: 'version 2 takes effect on 2027-01-01; a later version cannot take effect before it',
  EFFECTIVE_DATE_IN_PAST: 'a version takes effect today (2026-11-23, UTC) or later',
  EFFECTIVE_MONTH_IN_PAST: 'the effective month must be this month or later',
  EMAIL_ALREADY_REGISTERED: 'an account with this e-mail address is already registered',
  FORBIDDEN: 'a partner acts only on its own account',
  IDEMPOTENCY_KEY_IN_USE: 'a request with this Idempotency-Key is still being processed; retry later',
  IDEMPOTENCY_KEY_REUSED: 'this Idempotency-Key was used with another request; use a new key for a new request',
  IDENTITY_NOT_VERIFIED: 'the enterprise real-name verification of this account must be completed first',
  INSUFFICIENT_CREDIT: 'the credit pool does not hold that much',
  INTERNAL_ERROR: 'the request could not be completed; it has been logged',
  INVALID_AMOUNT: 'a deposit must be more than zero',
  INVALID_CURSOR: 'cursor is not one this API returned',
  INVALID_PARTNER_STATE: 'the partner is suspended; this needs a partner that is approved or in assessment',
  INVALID_PERCENT: 'percent must be a decimal string with at most two decimals',
  INVITATION_EXPIRED: 'the invitation expired at 2026-12-23T03:00:00.000Z',
  INVITATION_NOT_OPEN: 'the invitation is confirmed, no longer open',
  INVITATION_TOKEN_INVALID: 'this token does not answer an open invitation of this account',
  LANGUAGE_NOT_OFFERED: 'VNG Cloud offers vi, en',
  LOG_TOO_LARGE_TO_VERIFY: 'the log holds 250000 events, more than 100000 are walked here: run npm run audit:verify',
  NOTES_REQUIRED: 'an assessment needs notes',
  OUTCOME_REQUIRED: 'a failed assessment needs the outcome: suspended or terminated',
  PARTNER_ALREADY_REGISTERED: 'an application of this account is already awaiting approval',
  PARTNER_NOT_ACTIVE: 'only an approved partner that is not suspended does this',
  PARTNER_NOT_FOUND: 'no partner vn-ent-saoviet',
  PARTNER_NOT_PENDING: 'the partner is approved, not pending approval',
  PERIOD_IN_FUTURE: '2027-01 has not begun yet',
  PRICE_LIST_NOT_FOUND: 'no price list vngcloud-enterprise is published',
  PRICE_LIST_RETIRED: 'price list vngcloud-standard-2026 is retired',
  READ_MODEL_BEHIND: 'the read model has reached position 48234496, not yet 48299999; retry shortly',
  REASON_REQUIRED: 'this decision needs a reason the partner is told',
  STORE_UNAVAILABLE: 'the store is unavailable for a moment; retry with the same Idempotency-Key',
  SUBJECT_NOT_FOUND: 'no stream partner-vn-ent-saoviet',
  TERMS_NOT_ACCEPTED: 'the partner terms and conditions version 2023-07 must be accepted',
  THRESHOLD_NOT_MET: "an agent partner must meet the program's thresholds: registeredCapital, staff",
  UNAUTHENTICATED: 'a bearer token is required',
  UNKNOWN_COURSE: 'cloud-101 is not a course of this program',
  VALIDATION_FAILED: 'the request is not valid; see errors',
};

const kebab = (code: string) => code.toLowerCase().replace(/_/g, '-');

function example(status: ProblemStatus, code: string): Record<string, unknown> {
  const problem: Record<string, unknown> = {
    type: `urn:partner-portal:problem:${kebab(code)}`,
    title: TITLE[status],
    status,
    detail: DETAIL[code] ?? `the request was refused: ${code}`,
    code,
  };
  if (code === 'VALIDATION_FAILED') problem.errors = [{ field: 'contact.email', messages: ['contact.email must be an e-mail address'] }];
  return problem;
}

/**
 * Documents the refusals a route (or every route of a controller) can answer, each as
 * `application/problem+json` with the shared {@link PROBLEM_SCHEMA} schema and one example per code:
 * `@ApiProblems(400, [404, 'PARTNER_NOT_FOUND'], [409, 'INVALID_PARTNER_STATE', 'CONCURRENCY_CONFLICT'], 503)`.
 * A status without codes shows its usual code (400 `VALIDATION_FAILED`, 401 `UNAUTHENTICATED`,
 * 403 `FORBIDDEN`, 404 `NOT_FOUND`, 409 `CONCURRENCY_CONFLICT`, 422 `IDEMPOTENCY_KEY_REUSED`,
 * 500 `INTERNAL_ERROR`, 503 `STORE_UNAVAILABLE`). `schema`, where given, is a schema of the
 * route's own extensions, documented as `allOf` the problem and it. The schema itself is added to
 * the document by {@link withProblemSchemas}.
 */
export function ApiProblems(...answers: ProblemAnswer[]): MethodDecorator & ClassDecorator {
  return problemsDecorator(answers);
}

/** {@link ApiProblems} whose problem documents also follow `extension` (a schema or a `$ref` of one). */
export function ApiProblemsWith(extension: SchemaObject | ReferenceObject, ...answers: ProblemAnswer[]): MethodDecorator & ClassDecorator {
  return problemsDecorator(answers, extension);
}

function problemsDecorator(answers: ProblemAnswer[], extension?: SchemaObject | ReferenceObject): MethodDecorator & ClassDecorator {
  const problem: ReferenceObject = { $ref: getSchemaPath(PROBLEM_SCHEMA) };
  const schema = extension ? { allOf: [problem, extension] } : problem;
  return applyDecorators(
    ...answers.map((answer) => {
      const [status, ...named] = typeof answer === 'number' ? [answer] : answer;
      const codes = named.length > 0 ? named : [DEFAULTS[status].code];
      const description = `${DEFAULTS[status].description}: ${codes.map((c) => `\`${c}\``).join(', ')}`;
      return ApiResponse({
        status,
        description,
        content: { [PROBLEM_MEDIA_TYPE]: { schema, examples: Object.fromEntries(codes.map((code) => [code, { value: example(status, code) }])) } },
      });
    }),
  ) as MethodDecorator & ClassDecorator;
}

/** Adds {@link PROBLEM_SCHEMAS} to a document built by `SwaggerModule.createDocument`, which {@link ApiProblems} refers to. */
export function withProblemSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS } };
  return document;
}
