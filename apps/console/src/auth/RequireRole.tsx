import { type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession, type Role } from './session';

/**
 * Shows `children` to a person signed in with one of `roles`; anyone else goes to the sign-in page
 * and comes back here afterwards (`next` holds the path and query only: never a URL fragment, which
 * may hold an invitation token).
 */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(session.role)) {
    return (
      <div role="alert" className="problem">
        <p>{t('problems:FORBIDDEN')}</p>
        <p><a href="/">{t('home')}</a></p>
      </div>
    );
  }
  return <>{children}</>;
}
