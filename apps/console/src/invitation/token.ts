/**
 * The invitation token of the e-mail link `/customers/{accountId}/confirm#token=...` (issue 14).
 * The token is in the fragment so that it never reaches a server log or a Referer; the console takes
 * it out of the address at once (before any redirect to the sign-in page would drop it), keeps it in
 * this tab's session storage for that account only, and sends it only in the body of
 * ConfirmCustomer or DeclineCustomerInvitation.
 */
const PATH = /^\/customers\/([^/]+)\/confirm\/?$/;
const KEY = 'pp.invitation.';

/**
 * Moves a `#token=` of an invitation link into session storage and removes it from the address
 * (history.replaceState, no new history entry). Call once, before the router renders.
 */
export function captureInvitationToken(location: Location = window.location, storage: Storage = sessionStorage): void {
  const match = PATH.exec(location.pathname);
  if (!match || !location.hash) return;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) return;
  storage.setItem(KEY + decodeURIComponent(match[1]), token);
  window.history.replaceState(window.history.state, '', location.pathname + location.search);
}

/** The token kept for `accountId`, if the person opened its link in this tab. */
export const invitationToken = (accountId: string, storage: Storage = sessionStorage): string | undefined => storage.getItem(KEY + accountId) ?? undefined;

/** Forgets the token once the invitation is answered: it cannot be used twice. */
export const forgetInvitationToken = (accountId: string, storage: Storage = sessionStorage): void => storage.removeItem(KEY + accountId);
