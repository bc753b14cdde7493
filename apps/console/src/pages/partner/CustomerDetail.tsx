import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { keyed, useCommand, useRead } from '../../api/hooks';
import type { CommandAnswer, CustomerListItem, PriceListPage } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, StateBadge } from '../../components/ui';
import { dateTime, money, toAmount } from '../../format';
import { useProgram } from '../../program';
import { useDashboard } from './usePartner';

type Customer = CustomerListItem & { position: string };

/** This month as `YYYY-MM` in the program's time zone (where its months are counted). */
function thisMonth(timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/**
 * One customer account of the partner (`/partner/customers/{accountId}`): its facts, and what the
 * partner may do in its state: allocate or reclaim credit, set a discount and assign a price list
 * (approved), cancel the invitation (invited) or end the relationship (confirmed). Reads GET
 * /v1/partners/{partnerId}/customers/{accountId}, the dashboard's pool and GET /v1/price-lists;
 * commands POST .../credit-allocations (a negative amount reclaims), PUT .../discount, PUT
 * .../price-list, DELETE the customer.
 */
export function CustomerDetail() {
  const { t, i18n } = useTranslation('accounts');
  const program = useProgram();
  const { session } = useSession();
  const partnerId = session!.account!;
  const { accountId = '' } = useParams();
  const customer = useRead<Customer>(['customer', partnerId, accountId], (minPosition) =>
    api.GET('/v1/partners/{partnerId}/customers/{accountId}', { params: { path: { partnerId, accountId }, query: { minPosition } } }),
  );
  const dashboard = useDashboard(partnerId, customer.data?.status === 'approved');
  if (customer.error) return <section><PageTitle>{t('detail.title')}</PageTitle><ProblemMessage error={customer.error} /><p><Link to="/partner/customers">{t('detail.back')}</Link></p></section>;
  if (!customer.data) return <Loading />;
  const c = customer.data;
  const lang = i18n.language;
  return (
    <section>
      <PageTitle actions={<StateBadge kind="customer" state={c.status} />}>{c.commonName}</PageTitle>
      <p><Link to="/partner/customers">{t('detail.back')}</Link></p>
      <div className="card">
        <dl className="facts">
          <dt>{t('detail.facts.email')}</dt><dd>{c.email}</dd>
          <dt>{t('detail.facts.commonName')}</dt><dd>{c.commonName}</dd>
          <dt>{t('detail.facts.role')}</dt><dd>{t(`form.roles.${c.role}`, { defaultValue: c.role })}</dd>
          <dt>{t('detail.facts.state')}</dt><dd><StateBadge kind="customer" state={c.status} /></dd>
          <dt>{t('detail.facts.invitedAt')}</dt><dd>{dateTime(c.invitedAt, lang, program.timeZone)}</dd>
          <dt>{t('detail.facts.updatedAt')}</dt><dd>{dateTime(c.updatedAt, lang, program.timeZone)}</dd>
          <dt>{t('detail.facts.credit')}</dt><dd data-testid="customer-credit">{money(c.creditBalance, program.currency, lang)}</dd>
          <dt>{t('detail.facts.discount')}</dt><dd>{c.discount ? t('detail.discountValue', { percent: c.discount.percent, month: c.discount.effectiveMonth }) : t('detail.none')}</dd>
          <dt>{t('detail.facts.priceList')}</dt><dd data-testid="customer-price-list">{currentPriceList(c, t)}</dd>
        </dl>
      </div>
      <div className="panels">
        {c.status === 'approved' && <CreditPanel partnerId={partnerId} customer={c} available={dashboard.data?.credit.available} />}
        {c.status === 'approved' && <DiscountPanel partnerId={partnerId} customer={c} />}
        {c.status === 'approved' && <PriceListPanel partnerId={partnerId} customer={c} />}
        {['invited', 'pending_approval', 'approved'].includes(c.status) && <RemovePanel partnerId={partnerId} customer={c} />}
      </div>
    </section>
  );
}

function CreditPanel({ partnerId, customer, available }: { partnerId: string; customer: Customer; available?: string }) {
  const { t, i18n } = useTranslation('accounts');
  const program = useProgram();
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState<{ customerBalance: string; available: string } | undefined>();
  const move = useCommand<string, CommandAnswer & { customerBalance: string; available: string }>(
    (signed, key) => api.POST('/v1/partners/{partnerId}/customers/{accountId}/credit-allocations', { params: { path: { partnerId, accountId: customer.accountId } }, headers: keyed(key), body: { amount: signed, currency: program.currency } }),
    (answer) => {
      setDone({ customerBalance: answer.customerBalance, available: answer.available });
      setAmount('');
    },
  );
  const send = (sign: 1 | -1) => (event?: FormEvent) => {
    event?.preventDefault();
    const parsed = toAmount(amount, program.currency);
    if (!parsed || parsed.startsWith('-')) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setDone(undefined);
    move.mutate(sign === 1 ? parsed : `-${parsed}`);
  };
  const lang = i18n.language;
  return (
    <form className="card" onSubmit={send(1)} aria-labelledby="credit-title">
      <h2 id="credit-title">{t('detail.credit.title')}</h2>
      <p className="muted">{t('detail.credit.intro')}</p>
      {available !== undefined && <p data-testid="pool-available">{t('detail.credit.pool', { amount: money(available, program.currency, lang) })}</p>}
      <Field label={t('detail.credit.amount', { currency: program.currency })} hint={t('detail.credit.amountHint', { example: money(program.currency === 'VND' ? '1000000' : '100.00', program.currency, lang) })} error={invalid ? t('detail.credit.invalid', { currency: program.currency }) : undefined} required>
        {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={move.isPending}>{t('detail.credit.allocate')}</button>
        <button type="button" className="secondary" disabled={move.isPending} onClick={() => send(-1)()}>{t('detail.credit.reclaim')}</button>
      </div>
      <ProblemMessage error={move.error} />
      {done && <p className="notice" role="status">{t('detail.credit.done', { balance: money(done.customerBalance, program.currency, lang), available: money(done.available, program.currency, lang) })}</p>}
    </form>
  );
}

function DiscountPanel({ partnerId, customer }: { partnerId: string; customer: Customer }) {
  const { t, i18n } = useTranslation('accounts');
  const program = useProgram();
  const [percent, setPercent] = useState(customer.discount?.percent ?? '');
  const [month, setMonth] = useState(() => thisMonth(program.timeZone));
  const [done, setDone] = useState(false);
  const set = useCommand<{ percent: string; effectiveMonth: string }>(
    (body, key) => api.PUT('/v1/partners/{partnerId}/customers/{accountId}/discount', { params: { path: { partnerId, accountId: customer.accountId } }, headers: keyed(key), body }),
    () => setDone(true),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    set.mutate({ percent: percent.trim().replace(',', '.'), effectiveMonth: month });
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="discount-title">
      <h2 id="discount-title">{t('detail.discount.title')}</h2>
      <p className="muted">{t('detail.discount.intro')}</p>
      <Field label={t('detail.discount.percent')} hint={t('detail.discount.percentHint', { cap: program.discountCapPercent })} required>
        {(control) => <input {...control} inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} />}
      </Field>
      <Field label={t('detail.discount.month')} hint={t('detail.discount.monthHint')} required>
        {(control) => <input {...control} type="month" min={thisMonth(program.timeZone)} value={month} onChange={(e) => setMonth(e.target.value)} />}
      </Field>
      <button type="submit" disabled={set.isPending}>{t('detail.discount.submit')}</button>
      <ProblemMessage error={set.error} />
      {done && <p className="notice" role="status">{t('detail.discount.done')}</p>}
      <h3>{t('detail.discount.history')}</h3>
      {customer.discounts.length === 0 ? (
        <p className="muted">{t('detail.discount.noHistory')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('detail.discount.percent')}</th><th scope="col">{t('detail.discount.month')}</th><th scope="col">{t('detail.discount.setAt')}</th></tr></thead>
            <tbody>
              {[...customer.discounts].reverse().map((d) => (
                <tr key={`${d.setAt}-${d.effectiveMonth}`}><td className="num">{d.percent} %</td><td>{d.effectiveMonth}</td><td>{dateTime(d.setAt, i18n.language, program.timeZone)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

/** The price list that bills the customer this month, as a sentence: assigned from a month, or the program's default. */
function currentPriceList(c: Customer, t: (key: string, options?: Record<string, unknown>) => string): string {
  const p = c.priceList;
  if (!p) return t('detail.none');
  const name = p.name ?? p.priceListId;
  return p.source === 'default' || !p.effectiveMonth ? t('detail.priceListDefault', { name }) : t('detail.priceListValue', { name, month: p.effectiveMonth });
}

/**
 * Assigns a price list (issue 17): the published lists in the program's currency (GET
 * /v1/price-lists?status=published), from a month on (PUT .../price-list), and every assignment of
 * the relationship, newest first.
 */
function PriceListPanel({ partnerId, customer }: { partnerId: string; customer: Customer }) {
  const { t, i18n } = useTranslation('accounts');
  const program = useProgram();
  const lists = useRead<PriceListPage>(['price-lists', 'published'], (minPosition) => api.GET('/v1/price-lists', { params: { query: { status: 'published', minPosition } } }));
  const choices = (lists.data?.items ?? []).filter((l) => l.currency === program.currency);
  const [priceListId, setPriceListId] = useState('');
  const [month, setMonth] = useState(() => thisMonth(program.timeZone));
  const [done, setDone] = useState(false);
  const assign = useCommand<{ priceListId: string; effectiveMonth: string }>(
    (body, key) => api.PUT('/v1/partners/{partnerId}/customers/{accountId}/price-list', { params: { path: { partnerId, accountId: customer.accountId } }, headers: keyed(key), body }),
    () => setDone(true),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    assign.mutate({ priceListId, effectiveMonth: month });
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="price-list-title">
      <h2 id="price-list-title">{t('detail.priceList.title')}</h2>
      <p className="muted">{t('detail.priceList.intro')}</p>
      <p>{t('detail.priceList.current')}: <strong>{currentPriceList(customer, t)}</strong></p>
      {lists.data && choices.length === 0 && <p className="muted">{t('detail.priceList.noLists', { currency: program.currency })}</p>}
      <Field label={t('detail.priceList.list')} required>
        {(control) => (
          <select {...control} value={priceListId} onChange={(e) => setPriceListId(e.target.value)} required>
            <option value="">{t('detail.priceList.choose')}</option>
            {choices.map((l) => (
              <option key={l.priceListId} value={l.priceListId}>{l.isDefault ? t('detail.priceListDefault', { name: l.name }) : l.name}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('detail.priceList.month')} hint={t('detail.priceList.monthHint')} required>
        {(control) => <input {...control} type="month" min={thisMonth(program.timeZone)} value={month} onChange={(e) => setMonth(e.target.value)} />}
      </Field>
      <button type="submit" disabled={assign.isPending || priceListId === ''}>{t('detail.priceList.submit')}</button>
      <ProblemMessage error={assign.error ?? lists.error} />
      {done && <p className="notice" role="status">{t('detail.priceList.done')}</p>}
      <h3>{t('detail.priceList.history')}</h3>
      {customer.priceLists.length === 0 ? (
        <p className="muted">{t('detail.priceList.noHistory')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('detail.priceList.list')}</th><th scope="col">{t('detail.priceList.month')}</th><th scope="col">{t('detail.priceList.assignedAt')}</th></tr></thead>
            <tbody>
              {[...customer.priceLists].reverse().map((p) => (
                <tr key={`${p.assignedAt}-${p.priceListId}`}><td>{p.name ?? p.priceListId}</td><td>{p.effectiveMonth}</td><td>{dateTime(p.assignedAt, i18n.language, program.timeZone)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

function RemovePanel({ partnerId, customer }: { partnerId: string; customer: Customer }) {
  const { t } = useTranslation('accounts');
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const open = customer.status === 'invited';
  const remove = useCommand<string>((why, key) =>
    api.DELETE('/v1/partners/{partnerId}/customers/{accountId}', { params: { path: { partnerId, accountId: customer.accountId } }, headers: keyed(key), body: why ? { reason: why } : {} }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(reason.trim());
  };
  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="remove-title">
      <h2 id="remove-title">{open ? t('detail.remove.cancelTitle') : t('detail.remove.endTitle')}</h2>
      <p className="muted">{open ? t('detail.remove.cancelIntro') : t('detail.remove.endIntro')}</p>
      <Field label={t('detail.remove.reason')}>
        {(control) => <textarea {...control} rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} /> {t('detail.remove.confirm')}
      </label>
      <button type="submit" className="danger" disabled={!sure || remove.isPending}>{open ? t('detail.remove.cancel') : t('detail.remove.end')}</button>
      <ProblemMessage error={remove.error} />
    </form>
  );
}
