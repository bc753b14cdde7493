import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireRole } from './auth/RequireRole';
import { useSession } from './auth/session';
import { Shell } from './components/Shell';
import { PageTitle } from './components/ui';
import { AuditAsOf } from './pages/audit/AuditAsOf';
import { AuditIntegrity } from './pages/audit/AuditIntegrity';
import { AuditLog } from './pages/audit/AuditLog';
import { AuditStream, AuditStreams } from './pages/audit/AuditStream';
import { InvitationPage } from './pages/customer/InvitationPage';
import { AddCustomers } from './pages/partner/AddCustomers';
import { CustomerDetail } from './pages/partner/CustomerDetail';
import { CustomerList } from './pages/partner/CustomerList';
import { PartnerApply } from './pages/partner/PartnerApply';
import { PartnerOverview } from './pages/partner/PartnerOverview';
import { PartnerProfile } from './pages/partner/PartnerProfile';
import { Webhooks } from './pages/partner/Webhooks';
import { ApprovalQueue } from './pages/review/ApprovalQueue';
import { ReviewCustomer } from './pages/review/ReviewCustomer';
import { ReviewPartner, ReviewPartners } from './pages/review/ReviewPartner';
import { HOME, SignIn } from './pages/SignIn';
import { SignInCallback } from './pages/SignInCallback';

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? HOME[session.role] : '/sign-in'} replace />;
}

/** A customer's start page: its own invitation. */
function CustomerHome() {
  const { session } = useSession();
  return <Navigate to={`/customers/${encodeURIComponent(session?.account ?? '')}/confirm`} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('notFound')}</PageTitle>
      <p><a href="/">{t('home')}</a></p>
    </section>
  );
}

/**
 * Every screen by address. `/customers/{accountId}/confirm` is the link of the invitation e-mail
 * (libs/notifications), with the token in the fragment: keep that address. `/sign-in/callback` is
 * the redirect URI registered with the OpenID provider: keep it too.
 */
export function AppRoutes() {
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/sign-in/callback" element={<SignInCallback />} />
        <Route path="/partner" element={<RequireRole roles={['partner']}><PartnerOverview /></RequireRole>} />
        <Route path="/partner/apply" element={<RequireRole roles={['partner']}><PartnerApply /></RequireRole>} />
        <Route path="/partner/customers" element={<RequireRole roles={['partner']}><CustomerList /></RequireRole>} />
        <Route path="/partner/customers/new" element={<RequireRole roles={['partner']}><AddCustomers /></RequireRole>} />
        <Route path="/partner/customers/:accountId" element={<RequireRole roles={['partner']}><CustomerDetail /></RequireRole>} />
        <Route path="/partner/profile" element={<RequireRole roles={['partner']}><PartnerProfile /></RequireRole>} />
        <Route path="/partner/webhooks" element={<RequireRole roles={['partner']}><Webhooks /></RequireRole>} />
        <Route path="/customer" element={<RequireRole roles={['customer']}><CustomerHome /></RequireRole>} />
        <Route path="/customers/:accountId/confirm" element={<RequireRole roles={['customer']}><InvitationPage /></RequireRole>} />
        <Route path="/review" element={<RequireRole roles={['reviewer']}><ApprovalQueue /></RequireRole>} />
        <Route path="/review/partners" element={<RequireRole roles={['reviewer']}><ReviewPartners /></RequireRole>} />
        <Route path="/review/partners/:partnerId" element={<RequireRole roles={['reviewer']}><ReviewPartner /></RequireRole>} />
        <Route path="/review/customers/:accountId" element={<RequireRole roles={['reviewer']}><ReviewCustomer /></RequireRole>} />
        <Route path="/audit" element={<RequireRole roles={['auditor']}><AuditLog /></RequireRole>} />
        <Route path="/audit/streams" element={<RequireRole roles={['auditor']}><AuditStreams /></RequireRole>} />
        <Route path="/audit/streams/:streamId" element={<RequireRole roles={['auditor']}><AuditStream /></RequireRole>} />
        <Route path="/audit/as-of" element={<RequireRole roles={['auditor']}><AuditAsOf /></RequireRole>} />
        <Route path="/audit/integrity" element={<RequireRole roles={['auditor']}><AuditIntegrity /></RequireRole>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}
