import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import type { AddCustomerRow } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage, useProblemText } from '../../components/ProblemMessage';
import { Field, PageTitle } from '../../components/ui';
import { useProgram } from '../../program';

interface Row { key: number; email: string; commonName: string; role: string }

interface Answer { rows: AddCustomerRow[]; position: string }

/**
 * "Add a customer account" (`/partner/customers/new`, seed 003 step 2): rows of e-mail address,
 * common name and role (default "Partner"); "Add a customer" adds a row, each row can be removed;
 * "Add" sends them all as one AddCustomer (POST /v1/partners/{partnerId}/customers), and each row
 * then shows its own result beside it: invited, or every reason it was refused.
 */
export function AddCustomers() {
  const { t } = useTranslation('accounts');
  const program = useProgram();
  const problem = useProblemText();
  const { session } = useSession();
  const partnerId = session!.account!;
  const next = useRef(1);
  const blank = (): Row => ({ key: next.current++, email: '', commonName: '', role: 'partner' });
  const [rows, setRows] = useState<Row[]>(() => [blank()]);
  const [answer, setAnswer] = useState<{ sent: Row[]; rows: AddCustomerRow[] } | undefined>();
  const add = useCommand<Row[], Answer>(
    (sent, key) => api.POST('/v1/partners/{partnerId}/customers', { params: { path: { partnerId } }, headers: keyed(key), body: { customers: sent.map((r) => ({ email: r.email.trim(), commonName: r.commonName.trim(), role: r.role })) } }),
    (result, sent) => setAnswer({ sent, rows: result.rows }),
  );
  const resultOf = (row: Row): AddCustomerRow | undefined => {
    if (!answer) return undefined;
    const index = answer.sent.findIndex((s) => s.key === row.key);
    return index >= 0 ? answer.rows[index] : undefined;
  };
  const change = (key: number, field: keyof Omit<Row, 'key'>, value: string) => setRows(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAnswer(undefined);
    add.mutate(rows);
  };
  const invited = answer?.rows.filter((r) => r.result === 'invited').length ?? 0;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <PageTitle><span id={headingId}>{t('form.title')}</span></PageTitle>
      <p>{t('form.intro')}</p>
      <div className="card">
        <p>{t('form.rules', { provider: program.displayName })}</p>
        <ul>
          {(['prepaid', 'credit', 'services', 'discount', 'poc'] as const).map((rule) => (
            <li key={rule}>{t(`form.rule.${rule}`, { provider: program.displayName })}</li>
          ))}
        </ul>
      </div>
      <form onSubmit={onSubmit} noValidate={false}>
        {rows.map((row, index) => {
          const result = resultOf(row);
          return (
            <fieldset key={row.key} className="customer-row" data-row={index + 1}>
              <legend>{t('form.row', { n: index + 1 })}</legend>
              <div className="row-fields">
                <Field label={t('form.email')} required>
                  {(control) => <input {...control} type="email" autoComplete="off" value={row.email} onChange={(e) => change(row.key, 'email', e.target.value)} />}
                </Field>
                <Field label={t('form.commonName')} hint={index === 0 ? t('form.commonNameHint') : undefined} required>
                  {(control) => <input {...control} value={row.commonName} maxLength={200} onChange={(e) => change(row.key, 'commonName', e.target.value)} />}
                </Field>
                <Field label={t('form.role')} required>
                  {(control) => (
                    <select {...control} value={row.role} onChange={(e) => change(row.key, 'role', e.target.value)}>
                      <option value="partner">{t('form.roles.partner')}</option>
                    </select>
                  )}
                </Field>
                {rows.length > 1 && (
                  <button type="button" className="secondary" onClick={() => setRows(rows.filter((r) => r.key !== row.key))}>{t('form.removeRow', { n: index + 1 })}</button>
                )}
              </div>
              {result && (
                <div className={`row-result ${result.result}`} role="status" data-result={result.result}>
                  <strong>{t('form.result')}:</strong>{' '}
                  {result.result === 'invited' ? (
                    t('form.invited')
                  ) : (
                    <>
                      {t('form.refused')}
                      <ul>
                        {(result.reasons && result.reasons.length > 0 ? result.reasons : [result.code]).map((code) => (
                          <li key={code} data-code={code}>{problem(code)}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </div>
              )}
            </fieldset>
          );
        })}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setRows([...rows, blank()])}>{t('form.addRow')}</button>
          <button type="submit" disabled={add.isPending}>{add.isPending ? t('form.sending') : t('form.submit')}</button>
        </div>
      </form>
      <ProblemMessage error={add.error} />
      {answer && (
        <div className="notice" role="status">
          <p>{t('form.summary', { invited, refused: answer.rows.length - invited })}</p>
          <p><Link to="/partner/customers">{t('form.backToList')}</Link></p>
        </div>
      )}
    </section>
  );
}
