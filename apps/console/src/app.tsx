import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from 'react-oidc-context';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from './api/hooks';
import { useEffect } from 'react';
import { hasRole, SESSION_ENDED, sessionEndedAt, usePerson, type Person } from './auth/session';
import { Layout, LanguageSwitch } from './ui/layout';
import { Page } from './ui/page';
import type { Feature } from './ui/nav';
import { worker } from './features/worker/routes';
import { steps } from './features/steps/routes';
import { coordinator } from './features/coordinator/routes';
import { auditor } from './features/auditor/routes';
import { analyst } from './features/analyst/routes';

const FEATURES: Feature[] = [worker, steps, coordinator, auditor, analyst];
const NAV = FEATURES.flatMap((feature) => feature.nav);

/** Each role's first screen. */
function homeOf(person: Person): string {
  if (hasRole(person, 'professional')) return '/cases';
  if (hasRole(person, 'coordinator')) return '/coordinator/adoption';
  if (hasRole(person, 'auditor')) return '/audit';
  if (hasRole(person, 'analyst')) return '/reports/annual';
  return '/no-role';
}

function Home() {
  const person = usePerson();
  return person ? <Navigate to={homeOf(person)} replace /> : null;
}

function NoRole() {
  const { t } = useTranslation();
  return (
    <Page title={t('appName')}>
      <p>{t('noRole')}</p>
    </Page>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound')}>
      <p>{t('notFound')}</p>
    </Page>
  );
}

const router = createHashRouter([
  {
    path: '/',
    element: <Layout nav={NAV} />,
    children: [
      { index: true, element: <Home /> },
      { path: 'no-role', element: <NoRole /> },
      ...FEATURES.flatMap((feature) => feature.routes),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } });

/** Signed in: the console; otherwise the welcome screen with one button to the identity provider. */
export function App() {
  const { t } = useTranslation();
  const auth = useAuth();
  const person = usePerson();
  // A token that expires while the person works ends the session: they are told, and come back to the same place.
  useEffect(
    () =>
      auth.events.addAccessTokenExpired(() => {
        sessionEndedAt(window.location.hash);
        void auth.removeUser();
      }),
    [auth],
  );
  if (auth.isLoading || auth.activeNavigator) return <p role="status">{t('signingIn')}</p>;
  if (!person) {
    const endedAt = window.sessionStorage.getItem(SESSION_ENDED);
    return (
      <main id="main" className="welcome">
        <h1>{t('appName')}</h1>
        <p>{t('welcome')}</p>
        <p>{t('welcomeText')}</p>
        {endedAt ? (
          <p className="notice notice-warning" role="alert">
            {t('unauthorized')}
          </p>
        ) : null}
        {auth.error ? <p role="alert">{auth.error.message}</p> : null}
        <LanguageSwitch />
        <p>
          <button
            type="button"
            className="primary"
            onClick={() => void auth.signinRedirect(endedAt ? { state: { returnTo: endedAt } } : undefined)}
          >
            {t('signIn')}
          </button>
        </p>
      </main>
    );
  }
  return (
    <QueryClientProvider client={queries}>
      <ApiProvider>
        <RouterProvider router={router} />
      </ApiProvider>
    </QueryClientProvider>
  );
}
