import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setBearer } from '../api/client';

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
}

const KEY = 'pp.session';

function readStored(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return Date.parse(session.expiresAt) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

interface SessionApi {
  session?: Session;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionApi>({ signIn: () => undefined, signOut: () => undefined });

/** Keeps the session in memory and in this tab's session storage (gone when the tab closes). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(readStored);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setSession(undefined);
  }, []);
  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(KEY, JSON.stringify(next));
    setSession(next);
  }, []);
  // Set during render so that the first queries of the children already carry the token.
  setBearer(session?.token, signOut);
  useEffect(() => {
    if (!session) return;
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
