import { isValidElement, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { keyed, useCommand } from '../../api/hooks';
import type { CommandAnswer, PartnerView } from '../../api/types';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Field, Loading, PageTitle, Pager, StateBadge } from '../../components/ui';
import { date, dateTime, money, phoneText } from '../../format';
import { useProgram } from '../../program';
import { DueBadge, reviewPath } from './ApprovalQueue';
import { ApproveForm, Notice, ReasonForm, type Sending } from './Decisions';
import { useApprovalQueue, useReviewedPartner } from './useReview';

/** The api's account id pattern (libs/accounts ACCOUNT_ID_PATTERN). */
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The reviewer's partners (`/review/partners`). The api has no list of every partner, so this page
 * opens a partner by its account id and lists the partner applications of the approval queue
 * (GET /v1/approvals?kind=partner), oldest due first.
 */
export function ReviewPartners() {
  const { t, i18n } = useTranslation('review');
  const program = useProgram();
  const navigate = useNavigate();
  const [partnerId, setPartnerId] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [cursor, setCursor] = useState<string | undefined>();
  const queue = useApprovalQueue({ kind: 'partner' }, cursor);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const id = partnerId.trim();
    if (!ACCOUNT_ID.test(id)) {
      setInvalid(true);
      return;
    }
    navigate(`/review/partners/${encodeURIComponent(id)}`);
  };
  const items = queue.data?.items ?? [];
  return (
    <section>
      <PageTitle>{t('partners.title')}</PageTitle>
      <p className="muted">{t('partners.intro')}</p>
      <form className="open-by-id" noValidate onSubmit={onSubmit}>
        <Field label={t('partners.openLabel')} hint={t('partners.openHint')} error={invalid ? t('partners.invalid') : undefined} required>
          {(control) => <input {...control} value={partnerId} autoComplete="off" spellCheck={false} onChange={(event) => { setPartnerId(event.target.value); setInvalid(false); }} />}
        </Field>
        <button type="submit">{t('partners.open')}</button>
      </form>
      <h2>{t('partners.awaiting')}</h2>
      {queue.error ? (
        <ProblemMessage error={queue.error} />
      ) : !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t('partners.noneAwaiting')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="pending-partners">
            <caption className="visually-hidden">{t('partners.awaiting')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.subject')}</th>
                <th scope="col">{t('queue.submittedAt')}</th>
                <th scope="col">{t('queue.dueAt')}</th>
                <th scope="col">{t('queue.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.subject} className={item.overdue ? 'overdue' : undefined}>
                  <td><Link to={reviewPath(item)}>{item.subject}</Link></td>
                  <td>{dateTime(item.submittedAt, i18n.language, program.timeZone)}</td>
                  <td>{dateTime(item.dueAt, i18n.language, program.timeZone)}</td>
                  <td><span className="badges"><StateBadge kind="partner" state={item.status} /><DueBadge overdue={item.overdue} /></span></td>
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

/**
 * One partner for a reviewer (`/review/partners/:partnerId`, GET /v1/partners/{id}): the
 * application (company, licence, registered capital, staff, contact, bank with the account number
 * masked, partner type, terms version, language), courses and assessment, its state, and the
 * decisions its state allows: approve or reject (with a reason) an application; suspend or
 * terminate an operating partner; reinstate or terminate a suspended one (termination asks
 * again); record the assessment of a partner in assessment. Every decision is a command through
 * `useCommand`; the page reads again at the answer's position, so the new state shows at once.
 */
export function ReviewPartner() {
  const { t } = useTranslation('review');
  const { t: common } = useTranslation();
  const { partnerId = '' } = useParams();
  const partner = useReviewedPartner(partnerId);
  const [notice, setNotice] = useState<string | undefined>();
  const done = (answer: CommandAnswer) => setNotice(answer.state ? t('decision.done', { state: common(`partnerStates.${answer.state}`) }) : common('saved'));
  const path = { params: { path: { partnerId } } };
  const approve = useCommand<void>((_, key) => api.POST('/v1/partners/{partnerId}/approval', { ...path, headers: keyed(key), body: {} }), done);
  const reject = useCommand<string>((reason, key) => api.POST('/v1/partners/{partnerId}/rejection', { ...path, headers: keyed(key), body: { reason } }), done);
  const suspend = useCommand<string>((reason, key) => api.POST('/v1/partners/{partnerId}/suspension', { ...path, headers: keyed(key), body: { reason } }), done);
  const reinstate = useCommand<string>((reason, key) => api.POST('/v1/partners/{partnerId}/reinstatement', { ...path, headers: keyed(key), body: { reason } }), done);
  const terminate = useCommand<string>((reason, key) => api.POST('/v1/partners/{partnerId}/termination', { ...path, headers: keyed(key), body: { reason } }), done);
  const assess = useCommand<Assessment>((body, key) => api.POST('/v1/partners/{partnerId}/assessment', { ...path, headers: keyed(key), body }), done);
  const send = <V,>(command: { mutate: (variables: V) => void }) => (variables: V) => {
    setNotice(undefined);
    command.mutate(variables);
  };

  if (partner.error instanceof ApiError && partner.error.code === 'PARTNER_NOT_FOUND') {
    return (
      <section>
        <PageTitle>{partnerId}</PageTitle>
        <p role="status">{t('partner.notFound', { partnerId })}</p>
        <p><Link to="/review/partners">{common('nav.partners')}</Link></p>
      </section>
    );
  }
  if (partner.error) return <ProblemMessage error={partner.error} />;
  const view = partner.data;
  if (!view || view.partnerId !== partnerId) return <Loading />;
  const status = view.status;
  return (
    <section>
      <p className="breadcrumb"><Link to="/review">{t('partner.back')}</Link></p>
      <PageTitle actions={<span className="badges" data-testid="partner-state"><StateBadge kind="partner" state={status} />{status === 'pending_approval' && new Date(view.approvalDueAt).getTime() < Date.now() && <DueBadge overdue />}</span>}>
        {view.company.legalName ?? partnerId}
      </PageTitle>
      <Notice>{notice}</Notice>
      <div className="review-layout">
        <div>
          <Facts view={view} />
        </div>
        <section className="decisions" aria-labelledby="decision-title">
          <h2 id="decision-title">{t('decision.title')}</h2>
          {status === 'pending_approval' && (
            <>
              <Approval sending={approve} onSend={send(approve)} />
              <ReasonForm key="reject" testId="reject" legend={t('decision.reject')} label={t('decision.rejectReason')} hint={t('decision.rejectHint')} submit={t('decision.reject')} danger sending={reject} onSend={send(reject)} />
            </>
          )}
          {status === 'in_assessment' && <AssessmentForm view={view} sending={assess} onSend={send(assess)} />}
          {(status === 'approved' || status === 'in_assessment') && (
            <ReasonForm key="suspend" testId="suspend" legend={t('decision.suspend')} label={t('decision.suspendReason')} hint={t('decision.suspendHint')} submit={t('decision.suspend')} sending={suspend} onSend={send(suspend)} />
          )}
          {status === 'suspended' && (
            <ReasonForm key="reinstate" testId="reinstate" legend={t('decision.reinstate')} label={t('decision.reinstateReason')} submit={t('decision.reinstate')} sending={reinstate} onSend={send(reinstate)} />
          )}
          {(status === 'approved' || status === 'in_assessment' || status === 'suspended') && (
            <ReasonForm
              key="terminate"
              testId="terminate"
              legend={t('decision.terminate')}
              label={t('decision.terminateReason')}
              hint={t('decision.terminateHint')}
              submit={t('decision.terminate')}
              danger
              confirm={t('decision.terminateConfirm')}
              confirmYes={t('decision.terminateYes')}
              sending={terminate}
              onSend={send(terminate)}
            />
          )}
          {(status === 'rejected' || status === 'terminated') && <p className="muted">{t('decision.none')}</p>}
        </section>
      </div>
    </section>
  );
}

function Approval({ sending, onSend }: { sending: Sending; onSend: () => void }) {
  const { t } = useTranslation('review');
  const program = useProgram();
  const intro = (
    <>
      {t('decision.approveIntro')}
      {program.assessmentMonths ? ` ${t('decision.approveAssessment', { months: program.assessmentMonths })}` : ''}
    </>
  );
  return <ApproveForm testId="approve" legend={t('decision.approve')} intro={intro} submit={t('decision.approve')} sending={sending} onSend={onSend} />;
}

/** Body of POST /v1/partners/{id}/assessment (libs/partners RecordAssessmentDto). */
interface Assessment {
  result: 'passed' | 'failed';
  outcome?: 'suspended' | 'terminated';
  notes: string;
}

/** RecordAssessment: passed, or failed with the outcome (suspend or terminate), and notes. */
function AssessmentForm({ view, sending, onSend }: { view: PartnerView; sending: Sending; onSend: (body: Assessment) => void }) {
  const { t, i18n } = useTranslation('review');
  const program = useProgram();
  const [result, setResult] = useState<'passed' | 'failed'>('passed');
  const [outcome, setOutcome] = useState<'suspended' | 'terminated'>('suspended');
  const [notes, setNotes] = useState('');
  const [missing, setMissing] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (notes.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    onSend(result === 'passed' ? { result, notes: notes.trim() } : { result, outcome, notes: notes.trim() });
  };
  return (
    <form noValidate onSubmit={onSubmit} data-testid="assessment">
      <fieldset>
        <legend>{t('decision.assessment')}</legend>
        {view.assessmentEndsAt && (
          <p className="hint">
            {t(new Date(view.assessmentEndsAt).getTime() <= Date.now() ? 'decision.assessmentEnded' : 'decision.assessmentRunning', { date: date(view.assessmentEndsAt, i18n.language, program.timeZone) })}
          </p>
        )}
        <fieldset className="choices">
          <legend>{t('decision.result')}</legend>
          {(['passed', 'failed'] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" name="assessment-result" value={value} checked={result === value} onChange={() => setResult(value)} />
              <span>{t(`decision.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        {result === 'failed' && (
          <Field label={t('decision.outcome')} required>
            {(control) => (
              <select {...control} value={outcome} onChange={(event) => setOutcome(event.target.value as 'suspended' | 'terminated')}>
                <option value="suspended">{t('decision.outcomes.suspended')}</option>
                <option value="terminated">{t('decision.outcomes.terminated')}</option>
              </select>
            )}
          </Field>
        )}
        <Field label={t('decision.notes')} error={missing ? t('decision.notesRequired') : undefined} required>
          {(control) => <textarea {...control} maxLength={4000} value={notes} onChange={(event) => { setNotes(event.target.value); if (event.target.value.trim()) setMissing(false); }} />}
        </Field>
        <ProblemMessage error={sending.error} />
        <button type="submit" disabled={sending.isPending}>{t('decision.record')}</button>
      </fieldset>
    </form>
  );
}

/** A scalar for a fact: objects the api may add later are shown as their values, never rendered raw. */
const scalar = (value: unknown): ReactNode => (value !== null && typeof value === 'object' ? Object.values(value as Record<string, unknown>).filter((v) => v !== undefined && v !== '').join(' · ') : (value as ReactNode));

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children === undefined || children === null || children === '' ? '—' : isValidElement(children) || Array.isArray(children) ? children : scalar(children)}</dd>
    </>
  );
}

/** The application as the reviewer reads it, in cards: application, company, contact, bank, courses and assessment. */
function Facts({ view }: { view: PartnerView }) {
  const { t, i18n } = useTranslation('review');
  const { t: common } = useTranslation();
  const { t: partner } = useTranslation('partner');
  const program = useProgram();
  const when = (iso: string | null) => dateTime(iso, i18n.language, program.timeZone);
  const yesNo = (value: boolean | undefined) => (value === undefined ? '—' : value ? common('yes') : common('no'));
  const { company, contact, bank } = view;
  const language = i18n.exists(`common:languages.${view.language}`) ? common(`languages.${view.language}`) : view.language;
  return (
    <>
      <div className="card">
        <h2>{t('partner.application')}</h2>
        <dl className="facts">
          <Fact label={t('partner.account')}>{view.partnerId}</Fact>
          <Fact label={t('partner.partnerType')}>{i18n.exists(`partner:apply.partnerTypes.${view.partnerType}`) ? partner(`apply.partnerTypes.${view.partnerType}`) : view.partnerType}</Fact>
          <Fact label={t('partner.termsVersion')}>{view.termsVersion}</Fact>
          <Fact label={t('partner.language')}>{language}</Fact>
          <Fact label={t('partner.appliedAt')} testId="applied-at">{when(view.appliedAt)}</Fact>
          {view.status === 'pending_approval' && <Fact label={t('partner.dueAt')} testId="due-at">{when(view.approvalDueAt)}</Fact>}
          {view.approvedAt && <Fact label={t('partner.approvedAt')}>{when(view.approvedAt)}</Fact>}
          {view.rejectedAt && <Fact label={t('partner.rejectedAt')}>{when(view.rejectedAt)}</Fact>}
          {view.rejectionReason && view.status === 'rejected' && <Fact label={t('partner.rejectionReason')} testId="rejection-reason">{view.rejectionReason}</Fact>}
          {view.statusChangedAt && <Fact label={t('partner.statusChangedAt')}>{when(view.statusChangedAt)}</Fact>}
          {view.statusReason && <Fact label={t('partner.statusReason')} testId="status-reason">{view.statusReason}</Fact>}
          <Fact label={t('partner.applications')}>{view.applications}</Fact>
        </dl>
      </div>
      <div className="card">
        <h2>{t('partner.company')}</h2>
        <dl className="facts">
          <Fact label={partner('apply.legalName')}>{company.legalName}</Fact>
          <Fact label={partner('apply.businessLicenseNo')}>{company.businessLicenseNo}</Fact>
          <Fact label={partner('apply.registeredCapital', { currency: program.currency })} testId="registered-capital">{money(company.registeredCapital, program.currency, i18n.language)}</Fact>
          <Fact label={partner('apply.staff')}>{company.staff}</Fact>
          <Fact label={partner('apply.technicalStaff')}>{company.technicalStaff}</Fact>
          <Fact label={t('partner.customerOperations')}>{yesNo(company.customerOperations)}</Fact>
          <Fact label={t('partner.afterSalesService')}>{yesNo(company.afterSalesService)}</Fact>
        </dl>
      </div>
      <div className="card">
        <h2>{t('partner.contact')}</h2>
        <dl className="facts">
          <Fact label={partner('apply.contactName')}>{contact.name}</Fact>
          <Fact label={partner('apply.email')}>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : undefined}</Fact>
          <Fact label={partner('apply.phone')}>{phoneText(contact.phone)}</Fact>
        </dl>
      </div>
      <div className="card">
        <h2>{t('partner.bank')}</h2>
        <dl className="facts">
          <Fact label={partner('apply.bankName')}>{bank.bankName}</Fact>
          <Fact label={partner('apply.branch')}>{bank.branch}</Fact>
          <Fact label={partner('apply.accountName')}>{bank.accountName}</Fact>
          <Fact label={partner('apply.accountNumber')}>{bank.accountNumber}</Fact>
        </dl>
        <p className="hint">{t('partner.bankMasked')}</p>
      </div>
      <div className="card">
        <h2>{t('partner.training')}</h2>
        <dl className="facts">
          <Fact label={t('partner.courses')}>
            {program.requiredCourses.length === 0 ? (
              t('partner.noCourses')
            ) : (
              <ul className="plain">
                {program.requiredCourses.map((course) => (
                  <li key={course}>
                    <code>{course}</code>: {view.coursesCompleted.includes(course) ? t('partner.courseDone') : t('partner.courseOpen')}
                  </li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact label={t('partner.assessment')}>
            {!program.assessmentMonths
              ? t('partner.noAssessment')
              : view.assessmentEndsAt
                ? t('partner.assessmentUntil', { date: date(view.assessmentEndsAt, i18n.language, program.timeZone), months: program.assessmentMonths })
                : t('partner.assessmentNotStarted', { months: program.assessmentMonths })}
          </Fact>
        </dl>
      </div>
    </>
  );
}
