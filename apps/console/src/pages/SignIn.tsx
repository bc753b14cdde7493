import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import { useSession, type Role } from '../auth/session';
import { ProblemMessage } from '../components/ProblemMessage';
import { Field, PageTitle } from '../components/ui';
import { useProgram } from '../program';
import { startProviderSignIn, type IdentityProvider } from '../auth/provider-sign-in';

const ROLES: Role[] = ['partner', 'customer', 'reviewer', 'auditor', 'service'];

/** Where each role starts. */
export const HOME: Record<Role, string> = { partner: '/partner', customer: '/customer', reviewer: '/review', auditor: '/audit', service: '/sign-in' };


/** Only paths of this console: `next` comes from the address bar and must not send anyone elsewhere. */
export function safeNext(next: string | null | undefined): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

/**
 * "Sign in with {provider}" (issue 15): sends the browser to the OpenID provider's login page, from
 * where it comes back to /sign-in/callback (`SignInCallback`) and then to `next`.
 */
function ProviderSignIn({ identityProvider, next }: { identityProvider: IdentityProvider; next?: string }) {
  const { t } = useTranslation();
  const program = useProgram();
  const start = useMutation({ mutationFn: () => startProviderSignIn(identityProvider, next) });
  return (
    <div className="card">
      <p>{t('providerSignIn.intro', { provider: program.displayName })}</p>
      {start.error && (
        <div role="alert" className="problem">
          <p>{t('providerSignIn.unreachable')}</p>
        </div>
      )}
      <button type="button" disabled={start.isPending} onClick={() => start.mutate()}>{t('providerSignIn.button', { provider: program.displayName })}</button>
    </div>
  );
}

/**
 * The sign-in page: "Sign in with {provider}" when the service names an OpenID provider
 * (`identityProvider` of GET /v1/program, issue 15), and beside it, outside production, the
 * development sign-in (issue 14): a role and an account, a token from POST /v1/dev/sign-in.
 */
export function SignIn() {
  const { t } = useTranslation();
  const program = useProgram();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const identityProvider = program.identityProvider;
  if (!identityProvider && !program.devSignIn) {
    return (
      <section>
        <PageTitle>{t('signIn')}</PageTitle>
        <p>{t('devSignIn.unavailable')}</p>
      </section>
    );
  }
  if (!identityProvider) return <section className="narrow"><DevSignIn next={next} heading="h1" /></section>;
  return (
    <section className="narrow">
      <PageTitle>{t('signIn')}</PageTitle>
      <ProviderSignIn identityProvider={identityProvider} next={next} />
      {program.devSignIn && <DevSignIn next={next} heading="h2" />}
    </section>
  );
}

/**
 * The development sign-in (issue 14): a role and an account, a token from POST /v1/dev/sign-in.
 * It exists only where the service offers it (`devSignIn` of GET /v1/program, never in production).
 */
function DevSignIn({ next, heading }: { next?: string; heading: 'h1' | 'h2' }) {
  const { t } = useTranslation();
  const program = useProgram();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [role, setRole] = useState<Role>(next?.startsWith('/customers/') ? 'customer' : next?.startsWith('/review') ? 'reviewer' : next?.startsWith('/audit') ? 'auditor' : 'partner');
  const [account, setAccount] = useState(next?.match(/^\/customers\/([^/]+)/)?.[1] ? decodeURIComponent(next.match(/^\/customers\/([^/]+)/)![1]) : '');
  const [subject, setSubject] = useState('');
  const needsAccount = role === 'partner' || role === 'customer';
  const accounts = useQuery({
    queryKey: ['dev-accounts'],
    enabled: program.devSignIn,
    queryFn: () => call(api.GET('/v1/dev/accounts')),
  });
  const submit = useMutation({
    mutationFn: () =>
      call(
        api.POST('/v1/dev/sign-in', {
          body: { role, sub: subject.trim() || (needsAccount ? account.trim() : `${role}-1`), account: needsAccount ? account.trim() : undefined },
        }),
      ),
    onSuccess: (answer) => {
      signIn({ token: answer.accessToken, expiresAt: answer.expiresAt, role, sub: subject.trim() || (needsAccount ? account.trim() : `${role}-1`), account: needsAccount ? account.trim() : undefined });
      navigate(next ?? HOME[role], { replace: true });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  return (
    <>
      {heading === 'h1' ? <PageTitle>{t('devSignIn.title')}</PageTitle> : <h2>{t('devSignIn.title')}</h2>}
      <p className="muted">{t('devSignIn.intro')}</p>
      <form onSubmit={onSubmit} className="card">
        <Field label={t('devSignIn.role')} required>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          )}
        </Field>
        {role === 'service' && <p className="hint">{t('devSignIn.serviceRole')}</p>}
        {needsAccount && (
          <Field label={t('devSignIn.account')} hint={t('devSignIn.accountHint')} required>
            {(control) => (
              <>
                <input {...control} list="dev-accounts" value={account} autoComplete="off" onChange={(event) => setAccount(event.target.value)} />
                <datalist id="dev-accounts">
                  {(accounts.data?.items ?? []).map((a) => (
                    <option key={a.accountId} value={a.accountId}>{[a.email, a.type].filter(Boolean).join(' · ')}</option>
                  ))}
                </datalist>
              </>
            )}
          </Field>
        )}
        {needsAccount && accounts.data && (
          <details className="accounts">
            <summary>{t('devSignIn.accountPick')} ({accounts.data.items.length})</summary>
            {accounts.data.items.length === 0 ? <p>{t('devSignIn.noAccounts')}</p> : (
              <ul>
                {accounts.data.items.map((a) => (
                  <li key={a.accountId}>
                    <button type="button" className="link" onClick={() => setAccount(a.accountId)}>{a.accountId}</button>
                    <span className="muted"> {[a.email, a.type].filter(Boolean).join(' · ')}</span>
                  </li>
                ))}
              </ul>
            )}
          </details>
        )}
        {!needsAccount && (
          <Field label={t('devSignIn.subject')}>
            {(control) => <input {...control} value={subject} onChange={(event) => setSubject(event.target.value)} />}
          </Field>
        )}
        <ProblemMessage error={submit.error} />
        <button type="submit" disabled={submit.isPending || (needsAccount && !account.trim())}>{t('devSignIn.submit')}</button>
      </form>
    </>
  );
}
