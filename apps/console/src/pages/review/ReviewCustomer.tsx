import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import type { CommandAnswer } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Loading, PageTitle, StateBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { useProgram } from '../../program';
import { ApproveForm, Notice, ReasonForm } from './Decisions';
import { useCustomerRelationship } from './useReview';

/**
 * A partner's customer for a reviewer (`/review/customers/:accountId`): the relationship as
 * GET /v1/customers/{accountId}/invitation gives it (partner, common name, state, dates) and, while
 * it awaits the provider's approval, Approve (POST /v1/customers/{id}/approval) and Reject with a
 * reason (POST /v1/customers/{id}/rejection). The relationship is read from the customer stream,
 * so the new state shows as soon as the command answers.
 */
export function ReviewCustomer() {
  const { t, i18n } = useTranslation('review');
  const { t: common } = useTranslation();
  const program = useProgram();
  const { accountId = '' } = useParams();
  const relationship = useCustomerRelationship(accountId);
  const [notice, setNotice] = useState<string | undefined>();
  const done = (answer: CommandAnswer) => setNotice(answer.state ? t('decision.doneCustomer', { state: common(`customerStates.${answer.state}`) }) : common('saved'));
  const path = { params: { path: { accountId } } };
  const approve = useCommand<void>((_, key) => api.POST('/v1/customers/{accountId}/approval', { ...path, headers: keyed(key) }), done);
  const reject = useCommand<string>((reason, key) => api.POST('/v1/customers/{accountId}/rejection', { ...path, headers: keyed(key), body: { reason } }), done);

  if (relationship.error) {
    return (
      <section>
        <PageTitle>{accountId}</PageTitle>
        <ProblemMessage error={relationship.error} />
        <p><Link to="/review">{t('customer.back')}</Link></p>
      </section>
    );
  }
  const view = relationship.data;
  if (!view || view.accountId !== accountId) return <Loading />;
  const when = (iso: string | null | undefined) => dateTime(iso, i18n.language, program.timeZone);
  return (
    <section>
      <p className="breadcrumb"><Link to="/review">{t('customer.back')}</Link></p>
      <PageTitle actions={<span data-testid="customer-state"><StateBadge kind="customer" state={view.state} /></span>}>{t('customer.title', { name: view.commonName })}</PageTitle>
      <Notice>{notice}</Notice>
      <div className="review-layout">
        <div className="card">
          <dl className="facts">
            <dt>{t('customer.account')}</dt>
            <dd>{view.accountId}</dd>
            <dt>{t('customer.commonName')}</dt>
            <dd>{view.commonName}</dd>
            <dt>{t('customer.partner')}</dt>
            <dd>
              <Link to={`/review/partners/${encodeURIComponent(view.partnerId)}`}>{view.partnerName ?? view.partnerId}</Link>
              {view.partnerName && <span className="muted"> ({view.partnerId})</span>}
            </dd>
            <dt>{t('customer.state')}</dt>
            <dd><StateBadge kind="customer" state={view.state} /></dd>
            <dt>{t('customer.invitedAt')}</dt>
            <dd>{when(view.invitedAt)}</dd>
            {view.expiresAt && (
              <>
                <dt>{t('customer.expiresAt')}</dt>
                <dd>{when(view.expiresAt)}</dd>
              </>
            )}
            {view.confirmedAt && (
              <>
                <dt>{t('customer.confirmedAt')}</dt>
                <dd>{when(view.confirmedAt)}</dd>
              </>
            )}
          </dl>
        </div>
        <section className="decisions" aria-labelledby="decision-title">
          <h2 id="decision-title">{t('decision.title')}</h2>
          {view.state === 'pending_approval' ? (
            <>
              <ApproveForm testId="approve" legend={t('decision.approve')} intro={t('customer.approveIntro')} submit={t('decision.approve')} sending={approve} onSend={() => { setNotice(undefined); approve.mutate(); }} />
              <ReasonForm testId="reject" legend={t('decision.reject')} label={t('customer.rejectReason')} hint={t('customer.rejectHint')} submit={t('decision.reject')} danger sending={reject} onSend={(reason) => { setNotice(undefined); reject.mutate(reason); }} />
            </>
          ) : (
            <p className="muted">{t('customer.noDecision')}</p>
          )}
        </section>
      </div>
    </section>
  );
}
