import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, PageTitle } from '../../components/ui';
import { money, toAmount } from '../../format';
import { chooseLanguage, type Language } from '../../i18n';
import { useProgram, type Program } from '../../program';

interface Form {
  language: Language;
  accept: boolean;
  partnerType: string;
  legalName: string;
  businessLicenseNo: string;
  registeredCapital: string;
  staff: string;
  technicalStaff: string;
  customerOperations: boolean;
  afterSalesService: boolean;
  contactName: string;
  email: string;
  phone: string;
  bankName: string;
  branch: string;
  accountName: string;
  accountNumber: string;
}

const count = (text: string) => (/^\d{1,8}$/.test(text.trim()) ? Number(text.trim()) : NaN);

/**
 * The application form of the program (seed 001/002 step 2, 000 Bước 2, 004 申请条件): language,
 * the terms with their version and the checkbox, partner type, company (with the program's
 * thresholds beside the fields where they apply), contact and bank. POST /v1/partners; on success
 * the overview shows "Awaiting approval"; a refusal lists every failed rule.
 */
export function PartnerApply() {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>({
    language: (program.languages as string[]).includes(i18n.language) ? (i18n.language as Language) : program.languages[0],
    accept: false,
    partnerType: program.partnerTypes[0],
    legalName: '',
    businessLicenseNo: '',
    registeredCapital: '',
    staff: '',
    technicalStaff: '',
    customerOperations: false,
    afterSalesService: false,
    contactName: '',
    email: '',
    phone: '',
    bankName: '',
    branch: '',
    accountName: '',
    accountNumber: '',
  });
  const [capitalError, setCapitalError] = useState<string | undefined>();
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const thresholds = program.thresholds && program.thresholds.partnerTypes.includes(form.partnerType) ? program.thresholds : null;
  const submit = useCommand<Form>(
    (f, key) =>
      api.POST('/v1/partners', {
        headers: keyed(key),
        body: {
          language: f.language,
          termsVersion: program.termsVersion,
          acceptTerms: f.accept,
          partnerType: f.partnerType as never,
          company: {
            legalName: f.legalName.trim(),
            businessLicenseNo: f.businessLicenseNo.trim(),
            registeredCapital: toAmount(f.registeredCapital, program.currency) ?? '',
            staff: count(f.staff),
            technicalStaff: count(f.technicalStaff),
            customerOperations: f.customerOperations,
            afterSalesService: f.afterSalesService,
          },
          contact: { name: f.contactName.trim(), email: f.email.trim(), phone: f.phone.trim() },
          bank: { bankName: f.bankName.trim(), branch: f.branch.trim(), accountName: f.accountName.trim(), accountNumber: f.accountNumber.trim() },
        },
      }),
    () => navigate('/partner'),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (toAmount(form.registeredCapital, program.currency) === undefined || form.registeredCapital.trim().startsWith('-')) {
      setCapitalError(t('apply.invalidAmount'));
      return;
    }
    setCapitalError(undefined);
    submit.mutate(form);
  };
  const fieldError = (name: string) => {
    const problem = submit.error instanceof ApiError ? submit.error.problem : undefined;
    const hit = problem?.errors?.find((e) => e.field === name);
    return hit ? (hit.messages ?? [hit.message]).join('; ') : undefined;
  };
  const provider = program.displayName;
  return (
    <section>
      <PageTitle>{t('apply.title', { provider })}</PageTitle>
      <p className="muted">{t('requirements', { provider })}</p>
      <form onSubmit={onSubmit} noValidate={false}>
        <fieldset>
          <legend>{t('apply.language')}</legend>
          <Field label={t('apply.language')} hint={t('apply.languageHint')} required>
            {(control) => (
              <select {...control} value={form.language} onChange={(e) => { set('language')(e.target.value as Language); chooseLanguage(e.target.value as Language); }}>
                {program.languages.map((l) => <option key={l} value={l} lang={l}>{t(`common:languages.${l}`)}</option>)}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('apply.terms')} <span className="muted">({t('apply.termsVersion', { version: program.termsVersion })})</span></legend>
          <Terms program={program} />
          <div className="check">
            <input id="accept-terms" type="checkbox" checked={form.accept} onChange={(e) => set('accept')(e.target.checked)} />
            <label htmlFor="accept-terms">{t('apply.accept', { provider, version: program.termsVersion })}</label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('apply.company')}</legend>
          <Field label={t('apply.partnerType')} required>
            {(control) => (
              <select {...control} value={form.partnerType} onChange={(e) => set('partnerType')(e.target.value)}>
                {program.partnerTypes.map((type) => <option key={type} value={type}>{t(`apply.partnerTypes.${type}`)}</option>)}
              </select>
            )}
          </Field>
          {thresholds && (
            <p className="notice" data-testid="thresholds-note">
              {t('apply.thresholdsNote', {
                types: thresholds.partnerTypes.map((type) => t(`apply.partnerTypes.${type}`)).join(', '),
                capital: money(thresholds.minRegisteredCapital, program.currency, i18n.language),
                staff: thresholds.minStaff,
                technical: thresholds.minTechnicalStaff,
                systems: thresholds.requireCustomerOperations || thresholds.requireAfterSalesService ? t('apply.thresholdSystems') : '',
              })}
            </p>
          )}
          <div className="grid-2">
            <Field label={t('apply.legalName')} hint={t('apply.legalNameHint')} error={fieldError('company.legalName')} required>
              {(control) => <input {...control} value={form.legalName} onChange={(e) => set('legalName')(e.target.value)} autoComplete="organization" maxLength={300} />}
            </Field>
            <Field label={t('apply.businessLicenseNo')} hint={t('apply.businessLicenseHint')} error={fieldError('company.businessLicenseNo')} required>
              {(control) => <input {...control} value={form.businessLicenseNo} onChange={(e) => set('businessLicenseNo')(e.target.value)} maxLength={64} />}
            </Field>
            <Field label={t('apply.registeredCapital', { currency: program.currency })} hint={thresholds ? t('apply.minimum', { value: money(thresholds.minRegisteredCapital, program.currency, i18n.language) }) : undefined} error={capitalError ?? fieldError('company.registeredCapital')} required>
              {(control) => <input {...control} inputMode="decimal" value={form.registeredCapital} onChange={(e) => set('registeredCapital')(e.target.value)} />}
            </Field>
            <Field label={t('apply.staff')} hint={thresholds ? t('apply.minimum', { value: thresholds.minStaff }) : undefined} error={fieldError('company.staff')} required>
              {(control) => <input {...control} type="number" min={0} value={form.staff} onChange={(e) => set('staff')(e.target.value)} />}
            </Field>
            <Field label={t('apply.technicalStaff')} hint={thresholds ? t('apply.minimum', { value: thresholds.minTechnicalStaff }) : undefined} error={fieldError('company.technicalStaff')} required>
              {(control) => <input {...control} type="number" min={0} value={form.technicalStaff} onChange={(e) => set('technicalStaff')(e.target.value)} />}
            </Field>
          </div>
          <div className="check">
            <input id="customer-operations" type="checkbox" checked={form.customerOperations} onChange={(e) => set('customerOperations')(e.target.checked)} />
            <label htmlFor="customer-operations">{t('apply.customerOperations')}{thresholds?.requireCustomerOperations ? ` (${t('apply.required')})` : ''}</label>
          </div>
          <div className="check">
            <input id="after-sales" type="checkbox" checked={form.afterSalesService} onChange={(e) => set('afterSalesService')(e.target.checked)} />
            <label htmlFor="after-sales">{t('apply.afterSalesService')}{thresholds?.requireAfterSalesService ? ` (${t('apply.required')})` : ''}</label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('apply.contact')}</legend>
          <div className="grid-2">
            <Field label={t('apply.contactName')} error={fieldError('contact.name')} required>
              {(control) => <input {...control} value={form.contactName} onChange={(e) => set('contactName')(e.target.value)} autoComplete="name" maxLength={200} />}
            </Field>
            <Field label={t('apply.email')} error={fieldError('contact.email')} required>
              {(control) => <input {...control} type="email" value={form.email} onChange={(e) => set('email')(e.target.value)} autoComplete="email" maxLength={254} />}
            </Field>
            <Field label={t('apply.phone')} error={fieldError('contact.phone')} required>
              {(control) => <input {...control} type="tel" value={form.phone} onChange={(e) => set('phone')(e.target.value)} autoComplete="tel" />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('apply.bank')}</legend>
          <div className="grid-2">
            <Field label={t('apply.bankName')} error={fieldError('bank.bankName')} required>
              {(control) => <input {...control} value={form.bankName} onChange={(e) => set('bankName')(e.target.value)} maxLength={200} />}
            </Field>
            <Field label={t('apply.branch')} error={fieldError('bank.branch')} required>
              {(control) => <input {...control} value={form.branch} onChange={(e) => set('branch')(e.target.value)} maxLength={200} />}
            </Field>
            <Field label={t('apply.accountName')} error={fieldError('bank.accountName')} required>
              {(control) => <input {...control} value={form.accountName} onChange={(e) => set('accountName')(e.target.value)} maxLength={200} />}
            </Field>
            <Field label={t('apply.accountNumber')} error={fieldError('bank.accountNumber')} required>
              {(control) => <input {...control} value={form.accountNumber} onChange={(e) => set('accountNumber')(e.target.value)} maxLength={40} />}
            </Field>
          </div>
        </fieldset>
        <ProblemMessage error={submit.error} />
        <RefusalDetails error={submit.error} program={program} />
        <button type="submit" disabled={submit.isPending}>{submit.isPending ? t('apply.submitting') : t('become', { provider })}</button>
      </form>
    </section>
  );
}

/** The terms summary of the program's version (docs/console.md: the provider's full text replaces it). */
function Terms({ program }: { program: Program }) {
  const { t } = useTranslation('partner');
  const values = { provider: program.displayName, days: program.reviewSlaBusinessDays, cap: program.discountCapPercent, months: program.assessmentMonths ?? 0 };
  const items = ['account', 'review', 'customers', 'discount', ...(program.assessmentMonths ? ['assessment'] : []), 'conduct'];
  return (
    <div className="terms" tabIndex={0} role="region" aria-label={t('apply.terms')}>
      <p className="muted">{t('apply.termsSummaryNote', { version: program.termsVersion })}</p>
      <ol>
        {items.map((item) => <li key={item}>{t(`apply.termsItems.${item}`, values)}</li>)}
      </ol>
    </div>
  );
}

/** The details a refusal carries (seed 004's thresholds, the brand words, the verified name). */
function RefusalDetails({ error, program }: { error: unknown; program: Program }) {
  const { t, i18n } = useTranslation('partner');
  if (!(error instanceof ApiError)) return null;
  const problem = error.problem as { failed?: string[]; brandWords?: string[]; verifiedLegalName?: string; termsVersion?: string };
  const th = program.thresholds;
  const minimum: Record<string, string | number> = th
    ? { registeredCapital: money(th.minRegisteredCapital, program.currency, i18n.language), staff: th.minStaff, technicalStaff: th.minTechnicalStaff }
    : {};
  if (!problem.failed?.length && !problem.brandWords?.length && !problem.verifiedLegalName && !problem.termsVersion) return null;
  return (
    <div className="problem" data-testid="refusal-details">
      {problem.failed && problem.failed.length > 0 && (
        <>
          <p className="problem-title">{t('refusal.thresholds')}</p>
          <ul>
            {problem.failed.map((name) => <li key={name} data-failed={name}>{t(`refusal.failed.${name}`, { value: minimum[name] ?? '' })}</li>)}
          </ul>
        </>
      )}
      {problem.brandWords && problem.brandWords.length > 0 && <p>{t('refusal.brandWords', { words: problem.brandWords.join(', ') })}</p>}
      {problem.verifiedLegalName && <p>{t('refusal.verifiedLegalName', { name: problem.verifiedLegalName })}</p>}
      {problem.termsVersion && <p>{t('refusal.termsVersion', { version: problem.termsVersion })}</p>}
    </div>
  );
}
