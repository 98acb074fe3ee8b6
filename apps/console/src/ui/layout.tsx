import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { usePerson } from '../auth/session';
import { LANGUAGES, rememberLanguage, type Language } from '../i18n/languages';
import type { NavItem } from './nav';

const LANGUAGE_NAMES: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      {t('language')}{' '}
      <select
        value={i18n.resolvedLanguage}
        onChange={(event) => {
          const language = event.target.value as Language;
          rememberLanguage(language);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The frame of every screen: skip link, who is signed in, the menu for their roles, language, sign-out. */
export function Layout({ nav }: { nav: NavItem[] }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const person = usePerson();
  const mine = nav.filter((item) => person && item.roles.some((role) => person.roles.includes(role)));
  return (
    <>
      <a className="skip-link" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        {person ? (
          <span className="who">
            {t('signedInAs', { name: person.name })} ({person.roles.map((role) => t(`roles_${role}`)).join(', ')})
          </span>
        ) : null}
        <LanguageSwitch />
        {person ? (
          <button
            type="button"
            onClick={() => {
              // What this session stated (an auditor's purpose) ends with it: the next person is asked again.
              window.sessionStorage.removeItem('perheverkko.auditPurpose');
              void auth.signoutRedirect();
            }}
          >
            {t('signOut')}
          </button>
        ) : null}
      </header>
      {mine.length > 0 ? (
        <nav aria-label={t('mainNavigation')} className="menu">
          <ul>
            {mine.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
