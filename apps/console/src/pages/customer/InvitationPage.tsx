import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { keyed, useCommand, useRead } from '../../api/hooks';
import type { InvitationView } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Loading, PageTitle, StateBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { forgetInvitationToken, invitationToken } from '../../invitation/token';
import { useProgram } from '../../program';

/**
 * The page the invitation e-mail links to (`/customers/{accountId}/confirm#token=...`): who invites,
 * for which account, until when; Confirm or Decline (POST /v1/customers/{accountId}/confirmation or
 * /decline with the token in the body); then the outcome. Reads GET /v1/customers/{accountId}/invitation.
 * The token was taken from the address before sign-in (invitation/token.ts); a person signed in with
 * another account is told which account to use.
 */
export function InvitationPage() {
  const { t, i18n } = useTranslation('customer');
  const program = useProgram();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const { accountId = '' } = useParams();
  const [token] = useState(() => invitationToken(accountId));
  const [declining, setDeclining] = useState(false);
  const own = session?.account === accountId;
  const invitation = useRead<InvitationView>(['invitation', accountId],
    // Read from the customer stream itself: always current, so no minPosition; the key still changes after a command.
    () => api.GET('/v1/customers/{accountId}/invitation', { params: { path: { accountId } } }), { enabled: own, retry: false });
  const answered = () => forgetInvitationToken(accountId);
  const confirm = useCommand<string>((value, key) => api.POST('/v1/customers/{accountId}/confirmation', { params: { path: { accountId } }, headers: keyed(key), body: { token: value } }), answered);
  const decline = useCommand<string>((value, key) => api.POST('/v1/customers/{accountId}/decline', { params: { path: { accountId } }, headers: keyed(key), body: { token: value } }), answered);
  if (!own) {
    return (
      <section>
        <PageTitle>{t('title')}</PageTitle>
        <p role="alert" className="problem">{t('wrongAccount', { account: accountId, you: session?.account ?? session?.sub ?? '' })}</p>
        <button type="button" className="secondary" onClick={() => { signOut({ switchAccount: true }); navigate(`/sign-in?next=${encodeURIComponent(`/customers/${accountId}/confirm`)}`); }}>{t('common:signOut')}</button>
      </section>
    );
  }
  if (invitation.error instanceof ApiError && invitation.error.code === 'CUSTOMER_NOT_FOUND') return <section><PageTitle>{t('title')}</PageTitle><p>{t('none')}</p></section>;
  if (invitation.error) return <ProblemMessage error={invitation.error} />;
  if (!invitation.data) return <Loading />;
  const view = invitation.data;
  const lang = i18n.language;
  const partner = view.partnerName ?? view.partnerId;
  const refused = confirm.error ?? decline.error;
  const busy = confirm.isPending || decline.isPending;
  return (
    <section>
      <PageTitle actions={<StateBadge kind="customer" state={view.state} />}>{t('title')}</PageTitle>
      <p>{t('intro', { partner, provider: program.displayName })}</p>
      <div className="card">
        <dl className="facts">
          <dt>{t('facts.partner')}</dt><dd>{partner}</dd>
          <dt>{t('facts.partnerId')}</dt><dd>{view.partnerId}</dd>
          <dt>{t('facts.account')}</dt><dd>{view.accountId}</dd>
          <dt>{t('facts.commonName')}</dt><dd>{view.commonName}</dd>
          <dt>{t('facts.invitedAt')}</dt><dd>{dateTime(view.invitedAt, lang, program.timeZone)}</dd>
          {view.expiresAt && (<><dt>{t('facts.expiresAt')}</dt><dd data-testid="invitation-expires">{dateTime(view.expiresAt, lang, program.timeZone)}</dd></>)}
          {view.confirmedAt && (<><dt>{t('facts.confirmedAt')}</dt><dd>{dateTime(view.confirmedAt, lang, program.timeZone)}</dd></>)}
        </dl>
      </div>
      {view.state === 'invited' ? (
        token ? (
          <div className="card">
            {declining ? (
              <>
                <p>{t('declineSure')}</p>
                <div className="actions">
                  <button type="button" className="danger" disabled={busy} onClick={() => decline.mutate(token)}>{t('declineYes')}</button>
                  <button type="button" className="secondary" onClick={() => setDeclining(false)}>{t('common:actions.back')}</button>
                </div>
              </>
            ) : (
              <div className="actions">
                <button type="button" disabled={busy} onClick={() => confirm.mutate(token)}>{t('confirm')}</button>
                <button type="button" className="secondary" disabled={busy} onClick={() => setDeclining(true)}>{t('decline')}</button>
              </div>
            )}
            <ProblemMessage error={refused} />
          </div>
        ) : (
          <p className="notice" role="status">{t('noToken')}</p>
        )
      ) : (
        <p className="notice" role="status" data-testid="invitation-outcome">{t(`outcome.${view.state as 'approved'}`, { provider: program.displayName })}</p>
      )}
    </section>
  );
}
