/** An HTTP method a route uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * SPEC section 9 (and issue 17's price lists): command name -> method and path template. `{name}` segments are filled from the
 * step's `path`. CancelCustomerInvitation and EndCustomerRelationship share one DELETE route and send
 * their input (with the reason) as the JSON body.
 */
export const COMMAND_ROUTES: Readonly<Record<string, { readonly method: HttpMethod; readonly path: string }>> = {
  RegisterAccount: { method: 'POST', path: '/v1/accounts' },
  RecordIdentityVerification: { method: 'POST', path: '/v1/accounts/{accountId}/identity-verification' },
  RecordAccountStanding: { method: 'PUT', path: '/v1/accounts/{accountId}/standing' },
  RegisterPartner: { method: 'POST', path: '/v1/partners' },
  ApprovePartner: { method: 'POST', path: '/v1/partners/{partnerId}/approval' },
  RejectPartner: { method: 'POST', path: '/v1/partners/{partnerId}/rejection' },
  UpdatePartnerProfile: { method: 'PATCH', path: '/v1/partners/{partnerId}/profile' },
  RecordAssessment: { method: 'POST', path: '/v1/partners/{partnerId}/assessment' },
  SuspendPartner: { method: 'POST', path: '/v1/partners/{partnerId}/suspension' },
  ReinstatePartner: { method: 'POST', path: '/v1/partners/{partnerId}/reinstatement' },
  TerminatePartner: { method: 'POST', path: '/v1/partners/{partnerId}/termination' },
  RecordCourseCompletion: { method: 'POST', path: '/v1/partners/{partnerId}/courses/{courseId}/completion' },
  DepositPartnerCredit: { method: 'POST', path: '/v1/partners/{partnerId}/credit-deposits' },
  AddCustomer: { method: 'POST', path: '/v1/partners/{partnerId}/customers' },
  CancelCustomerInvitation: { method: 'DELETE', path: '/v1/partners/{partnerId}/customers/{accountId}' },
  EndCustomerRelationship: { method: 'DELETE', path: '/v1/partners/{partnerId}/customers/{accountId}' },
  ConfirmCustomer: { method: 'POST', path: '/v1/customers/{accountId}/confirmation' },
  DeclineCustomerInvitation: { method: 'POST', path: '/v1/customers/{accountId}/decline' },
  ApproveCustomer: { method: 'POST', path: '/v1/customers/{accountId}/approval' },
  RejectCustomer: { method: 'POST', path: '/v1/customers/{accountId}/rejection' },
  AllocateCustomerCredit: { method: 'POST', path: '/v1/partners/{partnerId}/customers/{accountId}/credit-allocations' },
  SetCustomerDiscount: { method: 'PUT', path: '/v1/partners/{partnerId}/customers/{accountId}/discount' },
  RecordCustomerRevenue: { method: 'POST', path: '/v1/partners/{partnerId}/customers/{accountId}/revenue' },
  PublishPriceList: { method: 'POST', path: '/v1/price-lists/{priceListId}/versions' },
  RetirePriceList: { method: 'POST', path: '/v1/price-lists/{priceListId}/retirement' },
  AssignCustomerPriceList: { method: 'PUT', path: '/v1/partners/{partnerId}/customers/{accountId}/price-list' },
};

/**
 * Fills every `{name}` of `template` from `params` (URI-encoded).
 * @throws Error when a placeholder has no value or a given param is not used, since either means the
 *   step addresses something other than its author meant.
 */
export function fillPathTemplate(template: string, params: Readonly<Record<string, string>> = {}): string {
  const used = new Set<string>();
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter {${name}} of ${template} is missing from the step's "path"`);
    used.add(name);
    return encodeURIComponent(value);
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`path parameter(s) ${unused.join(', ')} not used by ${template}`);
  return path;
}

/**
 * Method and path of a command step.
 * @throws Error for a command name missing from {@link COMMAND_ROUTES} or a path mismatch.
 */
export function commandRoute(command: string, params?: Readonly<Record<string, string>>): { method: HttpMethod; path: string } {
  const route = Object.prototype.hasOwnProperty.call(COMMAND_ROUTES, command) ? COMMAND_ROUTES[command] : undefined;
  if (route === undefined) throw new Error(`unknown command "${command}" (not in the SPEC section 9 route table)`);
  return { method: route.method, path: fillPathTemplate(route.path, params) };
}

/**
 * Absolute URL of a query step (`"GET /v1/approvals"`), with `minPosition` added when a write was seen
 * so that the read waits for its projection. `minPosition` stays a decimal string: positions are bigint.
 * @throws Error when the query is not `GET <path>`.
 */
export function queryUrl(baseUrl: string, query: string, params: Readonly<Record<string, string>> | undefined, minPosition: bigint | undefined): URL {
  const match = /^\s*([A-Z]+)\s+(\/\S*)\s*$/.exec(query);
  if (match === null) throw new Error(`query "${query}" is not "GET /path"`);
  if (match[1] !== 'GET') throw new Error(`query "${query}": only GET is a query`);
  const url = joinUrl(baseUrl, fillPathTemplate(match[2], params));
  if (minPosition !== undefined) url.searchParams.set('minPosition', minPosition.toString());
  return url;
}

/** `baseUrl` (which may carry a path prefix or a trailing slash) followed by `path`. */
export function joinUrl(baseUrl: string, path: string): URL {
  return new URL(baseUrl.replace(/\/+$/, '') + path);
}

/**
 * The larger of the highest position seen so far and the `position` of an answer, when that is a
 * decimal string; anything else leaves the highest unchanged.
 */
export function highestPosition(seen: bigint | undefined, body: unknown): bigint | undefined {
  const position = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).position : undefined;
  if (typeof position !== 'string' || !/^[0-9]+$/.test(position)) return seen;
  const value = BigInt(position);
  return seen === undefined || value > seen ? value : seen;
}
