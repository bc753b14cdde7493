import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, call } from '../api/client';
import { completeProviderSignIn, type IdentityProvider } from '../auth/provider-sign-in';
import { useSession, type Role, type Session } from '../auth/session';
import { ProblemMessage } from '../components/ProblemMessage';
import { PageTitle } from '../components/ui';
import { useProgram } from '../program';
import { HOME, safeNext } from './SignIn';

/** The session a callback address leads to, once: React may mount the page twice, the code serves once. */
const exchanges = new Map<string, Promise<Session & { next?: string }>>();

/**
 * The code's exchange and the api's view of the caller: the provider's tokens, then GET /v1/me with
 * the access token for the role and account the api mapped from its claims.
 */
function exchange(identityProvider: IdentityProvider, href: string): Promise<Session & { next?: string }> {
  let pending = exchanges.get(href);
  if (!pending) {
    pending = (async () => {
      const { tokens, next } = await completeProviderSignIn(identityProvider, new URL(href));
      const me = await call(api.GET('/v1/me', { headers: { authorization: `Bearer ${tokens.accessToken}` } }));
      return { token: tokens.accessToken, expiresAt: tokens.expiresAt, role: me.role as Role, sub: me.sub, account: me.account, provider: { identityProvider, tokens }, next };
    })();
    exchanges.set(href, pending);
  }
  return pending;
}

/**
 * /sign-in/callback, where the OpenID provider sends people back (issue 15): checks the answer,
 * exchanges the code, learns the role from GET /v1/me, starts the session and goes on to the `next`
 * path kept before the redirect (or the role's start page). The code and state leave the address
 * bar at once (`replace`). A refusal (the provider's, or 403 of the api for claims that map to no
 * role) is shown with a way back to the sign-in page.
 */
export function SignInCallback() {
  const { t } = useTranslation();
  const program = useProgram();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>();
  const identityProvider = program.identityProvider;
  useEffect(() => {
    if (!identityProvider) return;
    let live = true;
    exchange(identityProvider, window.location.href).then(
      ({ next, ...session }) => {
        if (!live) return;
        signIn(session);
        navigate(safeNext(next) ?? HOME[session.role], { replace: true });
      },
      (error: unknown) => {
        if (!live) return;
        window.history.replaceState(window.history.state, '', window.location.pathname);
        setFailure(error);
      },
    );
    return () => {
      live = false;
    };
  }, [identityProvider, signIn, navigate]);
  if (!identityProvider || failure !== undefined) {
    return (
      <section className="narrow">
        <PageTitle>{t('providerSignIn.failedTitle')}</PageTitle>
        {failure instanceof ApiError ? <ProblemMessage error={failure} /> : (
          <div role="alert" className="problem">
            <p>{t('providerSignIn.failed')}</p>
            {failure instanceof Error && <p className="muted">{failure.message}</p>}
          </div>
        )}
        <p><Link to="/sign-in">{t('providerSignIn.again')}</Link></p>
      </section>
    );
  }
  return (
    <section className="narrow" aria-busy="true">
      <PageTitle>{t('providerSignIn.completing')}</PageTitle>
    </section>
  );
}
