import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import type { PartnerView } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle } from '../../components/ui';
import { dateTime, phoneText } from '../../format';
import { useProgram } from '../../program';
import { usePartner } from './usePartner';

interface Draft { name: string; email: string; phone: string; legalName: string; bankName: string; branch: string; accountName: string; accountNumber: string }

const draftOf = (view: PartnerView): Draft => ({
  name: view.contact.name ?? '',
  email: view.contact.email ?? '',
  // Kept split ({ countryCode, number }); edited as one text, which UpdatePartnerProfile takes as typed.
  phone: phoneText(view.contact.phone) ?? '',
  legalName: view.company.legalName ?? '',
  bankName: view.bank.bankName ?? '',
  branch: view.bank.branch ?? '',
  accountName: view.bank.accountName ?? '',
  accountNumber: view.bank.accountNumber ?? '',
});

/** A value of the history as one line: a phone as "+84 2838221234", a section's fields joined by `separator`. */
const show = (value: unknown, separator = ' · '): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  return phoneText(value) ?? Object.values(value as Record<string, unknown>).filter((v) => v !== undefined && v !== '').map((v) => show(v, ' ')).join(separator);
};

/**
 * The partner's profile (`/partner/profile`): contact, company name and bank, changed with
 * PATCH /v1/partners/{id}/profile (only the sections that changed, each whole), and the history of
 * every change with what it replaced (GET /v1/partners/{id} `profileHistory`).
 */
export function PartnerProfile() {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  const { session } = useSession();
  const partnerId = session!.account!;
  const partner = usePartner(partnerId);
  const [draft, setDraft] = useState<Draft | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    if (partner.data && !draft) setDraft(draftOf(partner.data));
  }, [partner.data, draft]);
  const save = useCommand<Record<string, unknown>>(
    (body, key) => api.PATCH('/v1/partners/{partnerId}/profile', { params: { path: { partnerId } }, headers: keyed(key), body: body as never }),
    () => setNotice(t('profile.saved')),
  );
  if (partner.error instanceof ApiError && partner.error.code === 'PARTNER_NOT_FOUND') return <p>{t('profile.notYet')}</p>;
  if (partner.error) return <ProblemMessage error={partner.error} />;
  if (!partner.data || !draft) return <Loading />;
  const before = draftOf(partner.data);
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    if (draft.name !== before.name || draft.email !== before.email || draft.phone !== before.phone) body.contact = { name: draft.name.trim(), email: draft.email.trim(), phone: draft.phone.trim() };
    if (draft.legalName !== before.legalName) body.company = { legalName: draft.legalName.trim() };
    if (draft.bankName !== before.bankName || draft.branch !== before.branch || draft.accountName !== before.accountName || draft.accountNumber !== before.accountNumber) {
      body.bank = { bankName: draft.bankName.trim(), branch: draft.branch.trim(), accountName: draft.accountName.trim(), accountNumber: draft.accountNumber.trim() };
    }
    if (Object.keys(body).length === 0) {
      setNotice(t('profile.nothing'));
      return;
    }
    setNotice(undefined);
    save.mutate(body);
  };
  const text = (key: keyof Draft, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} required>
      {(control) => <input {...control} {...extra} value={draft[key]} onChange={(e) => set(key)(e.target.value)} />}
    </Field>
  );
  const history = partner.data.profileHistory;
  return (
    <section>
      <PageTitle>{t('profile.title')}</PageTitle>
      <p className="muted">{t('profile.intro')}</p>
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>{t('profile.sections.contact')}</legend>
          <div className="grid-2">
            {text('name', t('apply.contactName'), { autoComplete: 'name' })}
            {text('email', t('apply.email'), { type: 'email', autoComplete: 'email' })}
            {text('phone', t('apply.phone'), { type: 'tel', autoComplete: 'tel' })}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('profile.sections.company')}</legend>
          {text('legalName', t('apply.legalName'))}
        </fieldset>
        <fieldset>
          <legend>{t('profile.sections.bank')}</legend>
          <div className="grid-2">
            {text('bankName', t('apply.bankName'))}
            {text('branch', t('apply.branch'))}
            {text('accountName', t('apply.accountName'))}
            {text('accountNumber', t('apply.accountNumber'))}
          </div>
        </fieldset>
        <ProblemMessage error={save.error} />
        {notice && <p className="notice" role="status">{notice}</p>}
        <button type="submit" disabled={save.isPending}>{t('profile.save')}</button>
      </form>
      <h2>{t('profile.history')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('profile.noHistory')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="profile-history">
            <thead>
              <tr>
                <th scope="col">{t('profile.changedAt')}</th>
                <th scope="col">{t('profile.changedBy')}</th>
                <th scope="col">{t('profile.field')}</th>
                <th scope="col">{t('profile.before')}</th>
                <th scope="col">{t('profile.after')}</th>
              </tr>
            </thead>
            <tbody>
              {[...history].reverse().flatMap((change, index) =>
                Object.entries(change.changes).map(([section, { before: was, after: now }]) => (
                  <tr key={`${index}-${section}`}>
                    <td>{dateTime(change.changedAt, i18n.language, program.timeZone)}</td>
                    <td>{change.changedBy}</td>
                    <td>{i18n.exists(`partner:profile.sections.${section}`) ? t(`profile.sections.${section}`) : section}</td>
                    <td className="wrap">{show(was)}</td>
                    <td className="wrap">{show(now)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
