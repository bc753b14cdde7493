import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** RFC 9457 problem+json as the api answers it: `code` is stable, the rest is for people and details. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  /** Every failed rule when more than one failed (RegisterPartner, AddCustomer rows). */
  reasons?: string[];
  /** Field errors of VALIDATION_FAILED. */
  errors?: Array<{ field?: string; property?: string; message?: string; messages?: string[] }>;
  [member: string]: unknown;
}

/** Thrown by {@link call} for every answer that is not 2xx, and for a network failure (`code` NETWORK_ERROR). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
  }
  get code(): string {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
}

let bearer: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Sets the token every call carries (kept in memory and session storage, never in a URL). */
export function setBearer(token: string | undefined, whenRefused?: () => void): void {
  bearer = token;
  onUnauthorized = whenRefused;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && bearer) onUnauthorized?.();
    return response;
  },
};

/** The typed client of the api (paths and answers from the OpenAPI document, `npm run openapi`). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

function asProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && typeof (body as Problem).code === 'string') return { ...(body as Problem), status };
  return { status, code: status >= 500 ? 'INTERNAL_ERROR' : 'UNEXPECTED_ANSWER', detail: typeof body === 'string' ? body : undefined };
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws {@link ApiError} with the problem.
 * @example const partner = await call(api.GET('/v1/partners/{partnerId}', { params: { path: { partnerId } } }));
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', detail: error instanceof Error ? error.message : String(error) });
  }
  if (!result.response.ok) throw new ApiError(asProblem(result.response.status, result.error));
  return result.data as T;
}

/** A fresh idempotency key for one submit of a form: a retry of the same submit sends the same key. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
