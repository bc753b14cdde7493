import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router-dom';
import { useSession, type Role } from '../auth/session';
import { chooseLanguage, LANGUAGES, type Language } from '../i18n';
import { useProgram } from '../program';

const MENUS: Record<Role, Array<{ to: string; key: string }>> = {
  partner: [
    { to: '/partner', key: 'nav.overview' },
    { to: '/partner/customers', key: 'nav.customers' },
    { to: '/partner/profile', key: 'nav.profile' },
    { to: '/partner/webhooks', key: 'nav.webhooks' },
  ],
  customer: [{ to: '/customer', key: 'nav.invitation' }],
  reviewer: [
    { to: '/review', key: 'nav.queue' },
    { to: '/review/partners', key: 'nav.partners' },
  ],
  auditor: [
    { to: '/audit', key: 'nav.log' },
    { to: '/audit/streams', key: 'nav.stream' },
    { to: '/audit/as-of', key: 'nav.asOf' },
    { to: '/audit/integrity', key: 'nav.integrity' },
  ],
  service: [],
};

/** The frame of every screen: the program's name, the role's menu, the language switcher, sign-out. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const program = useProgram();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const offered = LANGUAGES.filter((l) => program.languages.includes(l) || l === i18n.language);
  return (
    <>
      <a className="skip" href="#content">{t('skipToContent')}</a>
      <header className="top">
        <div className="brand">{t('appName', { provider: program.displayName })}</div>
        {session && (
          <nav aria-label={t('nav.main')}>
            <ul className="menu">
              {MENUS[session.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to.split('/').length === 2}>{t(item.key)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="top-right">
          <label className="language">
            <span className="visually-hidden">{t('language')}</span>
            <select aria-label={t('language')} value={i18n.language} onChange={(event) => chooseLanguage(event.target.value as Language)}>
              {(offered.length > 0 ? offered : LANGUAGES).map((language) => (
                <option key={language} value={language} lang={language}>{t(`languages.${language}`)}</option>
              ))}
            </select>
          </label>
          {session && (
            <>
              <span className="who">{t('signedInAs', { role: t(`roles.${session.role}`), who: session.account ?? session.sub })}</span>
              <button type="button" className="secondary" onClick={() => { signOut({ atProvider: true }); navigate('/sign-in'); }}>{t('signOut')}</button>
            </>
          )}
        </div>
      </header>
      <main id="content" className="page" tabIndex={-1}>{children}</main>
    </>
  );
}
