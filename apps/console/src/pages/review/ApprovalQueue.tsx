import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { ApprovalQueueItem } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Loading, PageTitle, Pager, StateBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { useProgram } from '../../program';
import { useApprovalQueue, type QueueFilter } from './useReview';

/** Where a queue row is decided: the partner's or the customer's review page. */
export const reviewPath = (item: Pick<ApprovalQueueItem, 'kind' | 'subject'>): string =>
  item.kind === 'partner' ? `/review/partners/${encodeURIComponent(item.subject)}` : `/review/customers/${encodeURIComponent(item.subject)}`;

/** "Overdue" as a badge with its word (not colour alone), or "On time". */
export function DueBadge({ overdue }: { overdue: boolean }) {
  const { t } = useTranslation('review');
  return overdue ? <span className="badge badge-overdue" data-overdue="true">{t('queue.overdue')}</span> : <span className="badge badge-on-time">{t('queue.onTime')}</span>;
}

/**
 * The reviewer's approval queue (`/review`, SPEC sections 7 and 9): partner applications and
 * customers awaiting approval, oldest due first, from GET /v1/approvals. The kind and the overdue
 * filters are the api's (`kind`, `overdue`), kept in the address so a filtered queue can be
 * bookmarked; pages follow the api's cursor. Each row links to its review page, overdue rows carry
 * an "Overdue" badge, and times are shown in the program's time zone.
 */
export function ApprovalQueue() {
  const { t, i18n } = useTranslation('review');
  const program = useProgram();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const overdue = params.get('overdue');
  const filter: QueueFilter = {
    kind: kind === 'partner' || kind === 'customer' ? kind : undefined,
    overdue: overdue === 'true' || overdue === 'false' ? overdue : undefined,
  };
  // A cursor belongs to the filters it was given with: other filters (a menu click to /review) start at the first page.
  const filterKey = `${filter.kind ?? ''}|${filter.overdue ?? ''}`;
  const [paging, setPaging] = useState<{ filterKey: string; cursor?: string }>({ filterKey });
  const cursor = paging.filterKey === filterKey ? paging.cursor : undefined;
  const setCursor = (next: string | undefined) => setPaging({ filterKey, cursor: next });
  const queue = useApprovalQueue(filter, cursor);
  const setFilter = (name: 'kind' | 'overdue', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const items = queue.data?.items ?? [];
  const filtered = filter.kind !== undefined || filter.overdue !== undefined;
  return (
    <section>
      <PageTitle>{t('queue.title')}</PageTitle>
      <p className="muted">{t('queue.intro', { provider: program.displayName, days: program.reviewSlaBusinessDays })}</p>
      <form className="filters" role="search" aria-label={t('queue.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('queue.kind')}</label>
          <select id={`${id}-kind`} value={filter.kind ?? ''} onChange={(event) => setFilter('kind', event.target.value)} data-testid="filter-kind">
            <option value="">{t('queue.allKinds')}</option>
            <option value="partner">{t('queue.kinds.partner')}</option>
            <option value="customer">{t('queue.kinds.customer')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('queue.due')}</label>
          <select id={`${id}-due`} value={filter.overdue ?? ''} onChange={(event) => setFilter('overdue', event.target.value)} data-testid="filter-overdue">
            <option value="">{t('queue.dueAll')}</option>
            <option value="true">{t('queue.dueOverdue')}</option>
            <option value="false">{t('queue.dueOnTime')}</option>
          </select>
        </div>
      </form>
      {queue.error ? (
        <ProblemMessage error={queue.error} />
      ) : !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted" role="status">{filtered ? t('queue.emptyFiltered') : t('queue.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="approval-queue">
            <caption className="visually-hidden">{t('queue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.kind')}</th>
                <th scope="col">{t('queue.subject')}</th>
                <th scope="col">{t('queue.partner')}</th>
                <th scope="col">{t('queue.submittedAt')}</th>
                <th scope="col">{t('queue.dueAt')}</th>
                <th scope="col">{t('queue.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.kind}-${item.subject}`} className={item.overdue ? 'overdue' : undefined} data-kind={item.kind} data-subject={item.subject}>
                  <td>{t(`queue.kinds.${item.kind}`)}</td>
                  <td>
                    <Link to={reviewPath(item)} aria-label={t('queue.open', { subject: item.subject })}>{item.subject}</Link>
                  </td>
                  <td>
                    {item.kind === 'customer' ? <Link to={`/review/partners/${encodeURIComponent(item.partnerId)}`}>{item.partnerId}</Link> : <span className="muted">—</span>}
                  </td>
                  <td>{dateTime(item.submittedAt, i18n.language, program.timeZone)}</td>
                  <td data-testid="due-at">{dateTime(item.dueAt, i18n.language, program.timeZone)}</td>
                  <td>
                    <span className="badges">
                      <StateBadge kind={item.kind} state={item.status} />
                      <DueBadge overdue={item.overdue} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={queue.data?.nextCursor} cursor={cursor} onCursor={setCursor} />
    </section>
  );
}
