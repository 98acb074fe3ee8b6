import { resolve } from 'node:path';
import type { PlatformConfig } from '@perheverkko/runtime';
import { DEMO_USERS } from '@perheverkko/access';

/** What a person who ran `npm start` needs next: where everything is, and who to sign in as. */
export interface StartFacts {
  url: string;
  consoleBuilt: boolean;
  /** DATABASE_URL: the events are on a server, DATA_DIR then holds keys only. */
  databaseServer: boolean;
  dataDir: string;
  /** The built-in demo issuer signs these users in (absent with a real OIDC_ISSUER). */
  demoSignIn: boolean;
}

/**
 * `url` is where the process listens; with PUBLIC_URL set, that is the address to give a person instead: the demo
 * issuer and the console's sign-in answer to it, and a sign-in begun at another name for the host fails.
 */
export function startFactsOf(
  config: Pick<PlatformConfig, 'PUBLIC_URL' | 'publicUrl' | 'DATABASE_URL' | 'DATA_DIR' | 'servesDemoIssuer' | 'demoIssuerEnabled'>,
  url: string,
  consoleBuilt: boolean,
): StartFacts {
  return {
    url: config.PUBLIC_URL ? config.publicUrl : url,
    consoleBuilt,
    databaseServer: Boolean(config.DATABASE_URL),
    dataDir: resolve(config.DATA_DIR),
    demoSignIn: config.servesDemoIssuer && config.demoIssuerEnabled,
  };
}

/** A few lines for a terminal; labels aligned on their colon. */
export function startBanner(facts: StartFacts): string {
  const line = (label: string, text: string) => `${(label ? `${label}:` : '').padStart(10)} ${text}`;
  const width = Math.max(...DEMO_USERS.map((user) => `${user.username} / ${user.password}`.length));
  return [
    '',
    '  Perheverkko is running: all five services in this process.',
    line('API', `${facts.url}  (OpenAPI ${facts.url}/openapi.json, health ${facts.url}/health)`),
    line('Docs', `${facts.url}/docs`),
    line('Console', `${facts.url}/${facts.consoleBuilt ? '' : ' (not built yet: npm run console:build)'}`),
    line('Data', `${facts.dataDir}${facts.databaseServer ? ' (keys; the events are on DATABASE_URL)' : ''}`),
    ...(facts.demoSignIn
      ? DEMO_USERS.map((user, i) =>
          line(
            i === 0 ? 'Sign in' : '',
            `${`${user.username} / ${user.password}`.padEnd(width)}  ${user.roles.join(', ')}, ${user.organisation}`,
          ),
        )
      : []),
    '  Stop with Ctrl+C; the data stays for the next start.',
    '',
  ].join('\n');
}
