import { createContext, useContext, type ReactNode } from 'react';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from '../config';

/** Set when the session ended under the person (a token expired or was refused): the welcome screen says so. */
export const SESSION_ENDED = 'perheverkko.sessionEnded';

/** Remembers where the person was, so that signing in again returns there. */
export function sessionEndedAt(place: string): void {
  window.sessionStorage.setItem(SESSION_ENDED, place || '#/');
}

export type Role = 'professional' | 'coordinator' | 'auditor' | 'analyst' | 'administrator';

/** Who is signed in, as the id token tells (the services decide access on the access token, not on this). */
export interface Person {
  id: string;
  name: string;
  roles: Role[];
  organisation?: string;
  sector?: string;
}

/**
 * Sign-in with OpenID Connect, authorization code + PKCE (oidc-client-ts). Tokens stay in sessionStorage: a closed
 * tab signs the person out, and nothing outlives the browser session on a shared workstation.
 */
export function SignInProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const here = new URL(document.baseURI);
  const home = `${here.origin}${here.pathname}`;
  return (
    <AuthProvider
      authority={config.issuer}
      client_id={config.clientId}
      redirect_uri={home}
      post_logout_redirect_uri={home}
      response_type="code"
      scope="openid profile"
      loadUserInfo={false}
      automaticSilentRenew={false}
      userStore={new WebStorageStateStore({ store: window.sessionStorage })}
      onSigninCallback={(user) => {
        // Back where the person was when the session ended (the sign-in carried the place in its state).
        const returnTo = (user?.state as { returnTo?: string } | undefined)?.returnTo;
        window.sessionStorage.removeItem(SESSION_ENDED);
        window.history.replaceState({}, document.title, `${here.pathname}${window.location.hash || '#/'}`);
        // A hash change, not a replaced entry: the router follows it.
        if (returnTo) window.location.hash = returnTo;
      }}
    >
      {children}
    </AuthProvider>
  );
}

const ConfigContext = createContext<ConsoleConfig | undefined>(undefined);
export const ConfigProvider = ConfigContext.Provider;
export function useConfig(): ConsoleConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig outside ConfigProvider');
  return config;
}

/** The signed-in person, or undefined before sign-in. */
export function usePerson(): Person | undefined {
  const auth = useAuth();
  const profile = auth.user?.profile as (Record<string, unknown> & { sub: string }) | undefined;
  if (!profile || auth.user?.expired) return undefined;
  const roles = Array.isArray(profile['roles']) ? (profile['roles'] as Role[]) : [];
  return {
    id: profile.sub,
    name: String(profile['name'] ?? profile.sub),
    roles,
    organisation: typeof profile['organisation'] === 'string' ? profile['organisation'] : undefined,
    sector: typeof profile['sector'] === 'string' ? profile['sector'] : undefined,
  };
}

export function useAccessToken(): string | undefined {
  return useAuth().user?.access_token;
}

export function hasRole(person: Person | undefined, ...roles: Role[]): boolean {
  return !!person && roles.some((role) => person.roles.includes(role));
}
