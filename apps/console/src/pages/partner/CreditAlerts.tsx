import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import type { PartnerDashboard } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field } from '../../components/ui';
import { money, toAmount } from '../../format';

/** As many thresholds as the api takes (docs/credit.md). */
const MAX_THRESHOLDS = 10;

type Kind = 'usedPercent' | 'availableBelow';
type Row = { kind: Kind; value: string };
type Threshold = { usedPercent: number } | { availableBelow: string };

/** A row as the api's threshold, or undefined when it is not one: a whole percent 1-100, or an amount above zero in the currency. */
function thresholdOf(row: Row, currency: string): Threshold | undefined {
  if (row.kind === 'usedPercent') {
    const text = row.value.trim().replace(/\s*%$/, '');
    if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100) return undefined;
    return { usedPercent: Number(text) };
  }
  const amount = toAmount(row.value, currency);
  return amount === undefined || amount.startsWith('-') || /^0(\.0+)?$/.test(amount) ? undefined : { availableBelow: amount };
}

/**
 * The partner's credit alerts (issue 18), under its pool on the start page: the thresholds set and
 * whether the pool has reached each, and a form to change the whole list (PUT
 * /v1/partners/{partnerId}/credit/thresholds; an empty list clears them). The dashboard read after
 * the save shows the new list, with the alerts it may have raised at once.
 */
export function CreditAlerts({ partnerId, credit }: { partnerId: string; credit: PartnerDashboard['credit'] }) {
  const { t, i18n } = useTranslation('partner');
  const lang = i18n.language;
  const currency = credit.currency;
  const [rows, setRows] = useState<Row[]>(() =>
    credit.thresholds.map((s) => (s.usedPercent !== undefined ? { kind: 'usedPercent', value: String(s.usedPercent) } : { kind: 'availableBelow', value: s.availableBelow ?? '' })),
  );
  const [invalid, setInvalid] = useState<ReadonlySet<number>>(new Set());
  const [saved, setSaved] = useState(false);
  const save = useCommand<Threshold[]>(
    (thresholds, key) => api.PUT('/v1/partners/{partnerId}/credit/thresholds', { params: { path: { partnerId } }, headers: keyed(key), body: { thresholds } }),
    () => setSaved(true),
  );
  const change = (index: number, next: Partial<Row>) => {
    setSaved(false);
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...next } : row)));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const parsed = rows.map((row) => thresholdOf(row, currency));
    const wrong = new Set(parsed.flatMap((p, i) => (p === undefined ? [i] : [])));
    setInvalid(wrong);
    if (wrong.size === 0) save.mutate(parsed as Threshold[]);
  };
  const describe = (s: PartnerDashboard['credit']['thresholds'][number]) =>
    s.usedPercent !== undefined ? t('dashboard.alerts.usedPercent', { percent: s.usedPercent }) : t('dashboard.alerts.availableBelow', { amount: money(s.availableBelow, currency, lang) });
  return (
    <section className="card" aria-labelledby="credit-alerts-title" data-testid="credit-alerts">
      <h2 id="credit-alerts-title">{t('dashboard.alerts.title')}</h2>
      <p className="muted">{t('dashboard.alerts.intro')}</p>
      {credit.thresholds.length === 0 ? (
        <p data-testid="credit-alerts-none">{t('dashboard.alerts.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">{t('dashboard.alerts.threshold')}</th><th scope="col">{t('dashboard.alerts.state')}</th></tr>
            </thead>
            <tbody>
              {credit.thresholds.map((s) => (
                <tr key={s.usedPercent !== undefined ? `used-${s.usedPercent}` : `below-${s.availableBelow}`} data-testid="credit-alert" data-crossed={s.crossed}>
                  <td>{describe(s)}</td>
                  <td><span className={`badge ${s.crossed ? 'badge-pending_approval' : 'badge-on-time'}`}>{s.crossed ? t('dashboard.alerts.crossed') : t('dashboard.alerts.notCrossed')}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={onSubmit} noValidate>
        {rows.map((row, index) => (
          <div className="actions" key={index} data-testid="credit-alert-row">
            <Field label={t('dashboard.alerts.kind')} required>
              {(control) => (
                <select {...control} value={row.kind} onChange={(e) => change(index, { kind: e.target.value as Kind })}>
                  <option value="usedPercent">{t('dashboard.alerts.kinds.usedPercent')}</option>
                  <option value="availableBelow">{t('dashboard.alerts.kinds.availableBelow', { currency })}</option>
                </select>
              )}
            </Field>
            <Field
              label={t('dashboard.alerts.value')}
              hint={row.kind === 'usedPercent' ? t('dashboard.alerts.percentHint') : t('dashboard.alerts.amountHint', { currency, example: money(currency === 'VND' ? '5000000' : '500.00', currency, lang) })}
              error={invalid.has(index) ? t('dashboard.alerts.invalid') : undefined}
              required
            >
              {(control) => <input {...control} inputMode="decimal" autoComplete="off" value={row.value} onChange={(e) => change(index, { value: e.target.value })} />}
            </Field>
            <button type="button" className="secondary" onClick={() => { setSaved(false); setInvalid(new Set()); setRows((current) => current.filter((_, i) => i !== index)); }}>
              {t('dashboard.alerts.remove')}
            </button>
          </div>
        ))}
        <div className="actions">
          <button type="button" className="secondary" disabled={rows.length >= MAX_THRESHOLDS} onClick={() => { setSaved(false); setRows((current) => [...current, { kind: 'usedPercent', value: '' }]); }}>
            {t('dashboard.alerts.add')}
          </button>
          {rows.length >= MAX_THRESHOLDS && <span className="muted">{t('dashboard.alerts.max', { max: MAX_THRESHOLDS })}</span>}
          <button type="submit" disabled={save.isPending}>{t('dashboard.alerts.save')}</button>
        </div>
        <ProblemMessage error={save.error} />
        {saved && <p className="notice" role="status">{t('dashboard.alerts.saved')}</p>}
      </form>
    </section>
  );
}
