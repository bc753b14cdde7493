import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { CustomerListItem, Page } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, Pager, StateBadge } from '../../components/ui';
import { date, money } from '../../format';
import { useProgram } from '../../program';

/** The relationship states a partner can filter by, in the order a customer goes through them. */
export const CUSTOMER_STATES = ['invited', 'pending_approval', 'approved', 'declined', 'cancelled', 'expired', 'rejected', 'ended'] as const;

/**
 * The partner's customer accounts (`/partner/customers`, menu "Account" of seed 003): a table with a
 * state filter and cursor paging, both kept in the address (`?state=&cursor=`) so Back and a shared
 * link show the same page. Calls GET /v1/partners/{partnerId}/customers with `minPosition`.
 */
export function CustomerList() {
  const { t, i18n } = useTranslation('accounts');
  const program = useProgram();
  const { session } = useSession();
  const partnerId = session!.account!;
  const [search, setSearch] = useSearchParams();
  const state = search.get('state') ?? '';
  const cursor = search.get('cursor') ?? undefined;
  const list = useRead<Page<CustomerListItem>>(['customers', partnerId, state, cursor], (minPosition) =>
    api.GET('/v1/partners/{partnerId}/customers', { params: { path: { partnerId }, query: { state: (state || undefined) as never, cursor, limit: 20, minPosition } } }),
  );
  const choose = (next: { state?: string; cursor?: string }) => {
    const params = new URLSearchParams();
    if (next.state) params.set('state', next.state);
    if (next.cursor) params.set('cursor', next.cursor);
    setSearch(params);
  };
  return (
    <section>
      <PageTitle actions={<Link className="button" to="/partner/customers/new">{t('add')}</Link>}>{t('title')}</PageTitle>
      <p className="muted">{t('intro')}</p>
      <div className="filters">
        <Field label={t('filter.state')} filter>
          {(control) => (
            <select {...control} required={undefined} value={state} onChange={(e) => choose({ state: e.target.value })}>
              <option value="">{t('filter.all')}</option>
              {CUSTOMER_STATES.map((s) => (
                <option key={s} value={s}>{t(`common:customerStates.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {list.error ? (
        <ProblemMessage error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <>
          <div className="table-wrap"><table>
            <caption className="visually-hidden">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.email')}</th>
                <th scope="col">{t('columns.commonName')}</th>
                <th scope="col">{t('columns.state')}</th>
                <th scope="col">{t('columns.invitedAt')}</th>
                <th scope="col" className="num">{t('columns.credit')}</th>
                <th scope="col" className="num">{t('columns.discount')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.accountId} data-account={c.accountId}>
                  <td><Link to={`/partner/customers/${encodeURIComponent(c.accountId)}`}>{c.email}</Link></td>
                  <td>{c.commonName}</td>
                  <td><StateBadge kind="customer" state={c.status} /></td>
                  <td>{date(c.invitedAt, i18n.language, program.timeZone)}</td>
                  <td className="num">{money(c.creditBalance, program.currency, i18n.language)}</td>
                  <td className="num">{c.discount ? `${c.discount.percent} %` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          <p className="muted">{t('count', { count: list.data.items.length })}</p>
        </>
      )}
      <Pager nextCursor={list.data?.nextCursor} cursor={cursor} onCursor={(next) => choose({ state, cursor: next })} />
    </section>
  );
}
