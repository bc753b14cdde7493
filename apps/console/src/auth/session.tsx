import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { setBearer } from '../api/client';
import { askForLoginNextTime, providerSignOutUrl, refreshDelay, refreshProviderTokens, type IdentityProvider, type ProviderTokens } from './provider-sign-in';

/** The five roles of the api's tokens (SPEC section 1). */
export type Role = 'partner' | 'customer' | 'reviewer' | 'service' | 'auditor';

/** Who is signed in: the token and the claims the screens need. */
export interface Session {
  token: string;
  role: Role;
  sub: string;
  /** The partner's or customer's own account id. */
  account?: string;
  /** UTC ISO-8601. */
  expiresAt: string;
  /**
   * Signed in with the OpenID provider (issue 15): the provider and its tokens. Such a session
   * lives in memory only; without it, the session is the development sign-in's.
   */
  provider?: { identityProvider: IdentityProvider; tokens: ProviderTokens };
}

const KEY = 'pp.session';

function readStored(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() && !session.provider ? session : undefined;
  } catch {
    return undefined;
  }
}

interface SessionApi {
  session?: Session;
  signIn(session: Session): void;
  /**
   * Drops the session. With `atProvider`, a provider session also ends at the provider: the browser
   * goes to its end-session endpoint, which sends it back to /sign-in (when it has one). With
   * `switchAccount`, the provider's session stays but the next sign-in asks it for a login again.
   */
  signOut(options?: { atProvider?: boolean; switchAccount?: boolean }): void;
}

const SessionContext = createContext<SessionApi>({ signIn: () => undefined, signOut: () => undefined });

/**
 * Keeps the session. A development session is in memory and in this tab's session storage (gone
 * when the tab closes); a provider session in memory only (docs/console.md, "Sign-in with the
 * provider"): its access token is renewed with the refresh token a minute before it expires, and
 * the session ends at expiry when there is none or the refresh is refused. Any 401 signs out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(readStored);
  const current = useRef(session);
  current.current = session;
  const signOut = useCallback((options: { atProvider?: boolean; switchAccount?: boolean } = {}) => {
    const ended = current.current;
    sessionStorage.removeItem(KEY);
    setSession(undefined);
    if (options.switchAccount && ended?.provider) askForLoginNextTime();
    if (options.atProvider && ended?.provider) {
      const { identityProvider, tokens } = ended.provider;
      void providerSignOutUrl(identityProvider, tokens.idToken).then(
        (url) => url && window.location.assign(url),
        () => undefined,
      );
    }
  }, []);
  const signIn = useCallback((next: Session) => {
    // Provider tokens never reach storage: a script that reads storage must not find them.
    if (next.provider) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(next));
    setSession(next);
  }, []);
  // Set during render so that the first queries of the children already carry the token.
  setBearer(session?.token, signOut);
  useEffect(() => {
    if (!session) return;
    const provider = session.provider;
    if (provider?.tokens.refreshToken) {
      const timer = setTimeout(() => {
        refreshProviderTokens(provider.identityProvider, provider.tokens).then(
          (tokens) => {
            if (current.current !== session) return;
            setSession({ ...session, token: tokens.accessToken, expiresAt: tokens.expiresAt, provider: { ...provider, tokens } });
          },
          () => {
            if (current.current === session) signOut();
          },
        );
      }, Math.min(refreshDelay(session.expiresAt), 2 ** 31 - 1));
      return () => clearTimeout(timer);
    }
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(signOut, Math.max(0, Math.min(left, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, signOut]);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session, and sign-in/sign-out. */
export function useSession(): SessionApi {
  return useContext(SessionContext);
}
