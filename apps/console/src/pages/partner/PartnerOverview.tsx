import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError } from '../../api/client';
import type { PartnerDashboard, PartnerView } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Loading, PageTitle, StateBadge } from '../../components/ui';
import { date, dateTime, money } from '../../format';
import { defaultLanguage, type Language } from '../../i18n';
import { useProgram } from '../../program';
import { CreditAlerts } from './CreditAlerts';
import { useDashboard, usePartner } from './usePartner';

/**
 * The partner's start page (`/partner`): "Become a … Partner" before applying (seed 001 step 2),
 * "Awaiting approval" with the due date while pending, the rejection with its reason, and the
 * dashboard once approved (credit pool and its alerts, customers by state, revenue by month).
 * Calls GET /v1/partners/{id} and GET /v1/partners/{id}/dashboard.
 */
export function PartnerOverview() {
  const { t } = useTranslation('partner');
  const program = useProgram();
  const { session } = useSession();
  const partnerId = session!.account!;
  const partner = usePartner(partnerId);
  const view = partner.data;
  useEffect(() => {
    if (view?.language) defaultLanguage(view.language as Language);
  }, [view?.language]);
  const operating = view !== undefined && ['approved', 'in_assessment', 'suspended'].includes(view.status);
  const dashboard = useDashboard(partnerId, operating);

  if (partner.error instanceof ApiError && partner.error.code === 'PARTNER_NOT_FOUND') return <Become />;
  if (partner.error) return <ProblemMessage error={partner.error} />;
  if (!view) return <Loading />;
  if (view.status === 'pending_approval') return <Awaiting view={view} />;
  if (view.status === 'rejected') {
    return (
      <section>
        <PageTitle>{t('rejected.title')}</PageTitle>
        <div className="card" role="status">
          <p><StateBadge kind="partner" state="rejected" /></p>
          <dl className="facts">
            <dt>{t('rejected.reason')}</dt>
            <dd>{view.rejectionReason ?? '—'}</dd>
          </dl>
          <p>{t('rejected.again')}</p>
          <p><Link to="/partner/apply">{t('become', { provider: program.displayName })}</Link></p>
        </div>
      </section>
    );
  }
  return (
    <section>
      <PageTitle actions={<StateBadge kind="partner" state={view.status} />}>{t('overview.title')}</PageTitle>
      {view.status === 'suspended' && <StatusNotice title={t('suspended.title')} body={t('suspended.body')} reason={view.statusReason} />}
      {view.status === 'terminated' && <StatusNotice title={t('terminated.title')} body={t('terminated.body', { provider: program.displayName })} reason={view.statusReason} />}
      <Facts view={view} />
      {operating && (dashboard.error ? <ProblemMessage error={dashboard.error} /> : dashboard.data ? <Dashboard data={dashboard.data} view={view} /> : <Loading />)}
    </section>
  );
}

function Become() {
  const { t } = useTranslation('partner');
  const program = useProgram();
  return (
    <section className="narrow">
      <PageTitle>{t('become', { provider: program.displayName })}</PageTitle>
      <p>{t('becomeIntro', { provider: program.displayName })}</p>
      <p className="muted">{t('requirements', { provider: program.displayName })}</p>
      <p><Link className="button" to="/partner/apply">{t('become', { provider: program.displayName })}</Link></p>
    </section>
  );
}

function Awaiting({ view }: { view: PartnerView }) {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  return (
    <section className="narrow">
      <PageTitle>{t('awaiting.title')}</PageTitle>
      <div className="card" role="status">
        <p><StateBadge kind="partner" state="pending_approval" /></p>
        <p>{t('awaiting.body', { provider: program.displayName, days: program.reviewSlaBusinessDays })}</p>
        <dl className="facts">
          <dt>{t('awaiting.applied')}</dt>
          <dd>{dateTime(view.appliedAt, i18n.language, program.timeZone)}</dd>
          <dt>{t('awaiting.due')}</dt>
          <dd data-testid="approval-due">{dateTime(view.approvalDueAt, i18n.language, program.timeZone)}</dd>
          <dt>{t('apply.legalName')}</dt>
          <dd>{view.company.legalName}</dd>
          <dt>{t('apply.partnerType')}</dt>
          <dd>{t(`apply.partnerTypes.${view.partnerType}`)}</dd>
        </dl>
      </div>
    </section>
  );
}

function StatusNotice({ title, body, reason }: { title: string; body: string; reason: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="problem" role="status">
      <p className="problem-title">{title}</p>
      <p>{body}</p>
      {reason && <p>{t('reason')}: {reason}</p>}
    </div>
  );
}

function Facts({ view }: { view: PartnerView }) {
  const { t, i18n } = useTranslation('partner');
  const program = useProgram();
  return (
    <div className="card">
      <dl className="facts">
        <dt>{t('apply.legalName')}</dt>
        <dd>{view.company.legalName}</dd>
        <dt>{t('overview.partnerType')}</dt>
        <dd>{t(`apply.partnerTypes.${view.partnerType}`)}</dd>
        <dt>{t('overview.appliedAt')}</dt>
        <dd>{date(view.appliedAt, i18n.language, program.timeZone)}</dd>
        <dt>{t('overview.approvedAt')}</dt>
        <dd>{date(view.approvedAt, i18n.language, program.timeZone)}</dd>
        {view.assessmentEndsAt && (
          <>
            <dt>{t('overview.assessmentEndsAt')}</dt>
            <dd>{date(view.assessmentEndsAt, i18n.language, program.timeZone)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function Dashboard({ data, view }: { data: PartnerDashboard; view: PartnerView }) {
  const { t, i18n } = useTranslation('partner');
  const { t: common } = useTranslation();
  const program = useProgram();
  const currency = data.credit.currency;
  const months = Object.entries(data.revenue.byMonth);
  const chart = months.map(([month, amount]) => ({ month, amount: Number(amount) }));
  return (
    <>
      <h2>{t('dashboard.credit')}</h2>
      <div className="cards">
        <Stat label={t('dashboard.deposited')} value={money(data.credit.deposited, currency, i18n.language)} id="credit-deposited" />
        <Stat label={t('dashboard.allocated')} value={money(data.credit.allocated, currency, i18n.language)} id="credit-allocated" />
        <Stat label={t('dashboard.available')} value={money(data.credit.available, currency, i18n.language)} id="credit-available" />
      </div>
      <CreditAlerts partnerId={data.partnerId} credit={data.credit} />
      <h2>{t('dashboard.customers')}</h2>
      <div className="cards">
        {Object.entries(data.customers).map(([state, count]) => (
          <Link key={state} className="stat stat-link" to={`/partner/customers?state=${state}`} data-testid={`customers-${state}`}>
            <div className="label">{common(`customerStates.${state}`)}</div>
            <div className="value">{count}</div>
          </Link>
        ))}
      </div>
      <p><Link to="/partner/customers">{t('dashboard.manageCustomers')}</Link></p>
      <h2>{t('dashboard.revenue')}</h2>
      {months.length === 0 ? (
        <p className="muted">{t('dashboard.noRevenue')}</p>
      ) : (
        <>
          <figure className="card chart-card">
            <div className="chart" role="img" aria-label={t('dashboard.chartLabel')}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} margin={{ top: 8, right: 16, left: 16, bottom: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis width={110} tickFormatter={(value: number) => money(String(value), currency, i18n.language)} />
                  <Tooltip formatter={(value) => money(String(value), currency, i18n.language)} />
                  <Bar dataKey="amount" name={t('dashboard.amount')} fill="#0b5cad" maxBarSize={72} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('dashboard.revenue')}</caption>
              <thead>
                <tr><th scope="col">{t('dashboard.month')}</th><th scope="col" className="num">{t('dashboard.amount')}</th></tr>
              </thead>
              <tbody>
                {months.map(([month, amount]) => (
                  <tr key={month}><td>{month}</td><td className="num">{money(amount, currency, i18n.language)}</td></tr>
                ))}
                <tr><th scope="row">{t('dashboard.revenueTotal')}</th><td className="num">{money(data.revenue.total, currency, i18n.language)}</td></tr>
              </tbody>
            </table>
          </div>
        </>
      )}
      {(data.courses.required > 0 || program.assessmentMonths) && (
        <div className="cards">
          {data.courses.required > 0 && <Stat label={t('dashboard.courses')} value={t('dashboard.coursesDone', { completed: data.courses.completed, required: data.courses.required })} />}
          {program.assessmentMonths && view.assessmentEndsAt && (
            <Stat label={t('dashboard.assessment')} value={t('dashboard.assessmentUntil', { months: program.assessmentMonths, date: date(view.assessmentEndsAt, i18n.language, program.timeZone) })} />
          )}
        </div>
      )}
    </>
  );
}

function Stat({ label, value, id }: { label: string; value: string; id?: string }) {
  return (
    <div className="stat" data-testid={id}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}
