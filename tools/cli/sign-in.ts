/**
 * How the CLI gets a bearer token, most explicit first:
 *   1. --token / PERHEVERKKO_TOKEN (scripts that already hold one);
 *   2. OIDC client credentials: --client-id / PERHEVERKKO_CLIENT_ID and PERHEVERKKO_CLIENT_SECRET (or
 *      --client-secret), at the token endpoint of the issuer's discovery document (--issuer, OIDC_ISSUER, or the API's
 *      own demo issuer);
 *   3. demo only: --user <demo user> with the demo issuer's password shortcut, or, when nothing is given and the API
 *      runs the demo issuer, the command's usual demo user (announced on stderr).
 */
import { CommandFailed, UsageError } from './usage-error';

export interface SignInOptions {
  url: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
  scope?: string;
  user?: string;
}

interface Discovery {
  issuer: string;
  token_endpoint: string;
  token_endpoint_auth_methods_supported?: string[];
}

const LOOPBACK = /^(localhost|[a-z0-9.-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** A client secret only over TLS, or to this machine (the embedded default, a pod's own port-forward). */
function checkSafeToSendSecret(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (LOOPBACK.test(url.hostname) || process.env.PERHEVERKKO_ALLOW_HTTP === '1')) return;
  throw new UsageError(
    `refusing to send the client secret to ${url.origin} without TLS (use https, or set PERHEVERKKO_ALLOW_HTTP=1 inside a trusted network)`,
  );
}

/** Nothing answered at the address (refused, unresolvable, timed out): told apart from an answer that says no. */
class Unreachable extends Error {}

async function fetchJson(url: string, init: RequestInit, what: string): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Unreachable(
      `${what}: cannot reach ${new URL(url).origin} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`,
    );
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: response.status, body: { error: `not JSON (${response.status})`, error_description: text.slice(0, 200) } };
  }
}

/** The same place, or this machine under another loopback name (127.0.0.1 for localhost) at the same port and path. */
function sameIssuer(a: string, b: string): boolean {
  if (a === b) return true;
  const [x, y] = [new URL(a), new URL(b)];
  return (
    LOOPBACK.test(x.hostname) && LOOPBACK.test(y.hostname) && x.protocol === y.protocol && x.port === y.port && x.pathname === y.pathname
  );
}

/**
 * The issuer's discovery document. OpenID Connect Discovery §4.3: it must name the issuer it was fetched for; the
 * API's own demo issuer names itself by PUBLIC_URL (http://localhost:…), so a loopback alias of it is the same, and its
 * endpoints are then reached the way the API was.
 */
export async function discover(issuer: string): Promise<Discovery> {
  const base = issuer.replace(/\/$/, '');
  const { status, body } = await fetchJson(`${base}/.well-known/openid-configuration`, {}, 'OIDC discovery');
  if (status !== 200 || typeof body.token_endpoint !== 'string' || typeof body.issuer !== 'string')
    throw new Error(`OIDC discovery at ${base}/.well-known/openid-configuration answered ${status} without a token endpoint`);
  const named = body.issuer.replace(/\/$/, '');
  if (!sameIssuer(named, base)) throw new Error(`OIDC discovery: the document names issuer ${body.issuer}, not ${base}`);
  const discovery = body as unknown as Discovery;
  if (named === base) return discovery;
  const endpoint = new URL(discovery.token_endpoint);
  if (endpoint.origin !== new URL(named).origin) return discovery;
  return { ...discovery, token_endpoint: `${new URL(base).origin}${endpoint.pathname}` };
}

/** RFC 6749 §4.4 with client_secret_basic (or _post when that is all the issuer takes). */
async function clientCredentialsToken(options: SignInOptions & { clientId: string; clientSecret: string }): Promise<string> {
  const discovery = await discover(options.issuer ?? options.url);
  const endpoint = new URL(discovery.token_endpoint);
  checkSafeToSendSecret(endpoint);
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(options.scope ? { scope: options.scope } : {}) });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const methods = discovery.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) {
    const part = (value: string) => encodeURIComponent(value);
    headers.authorization = `Basic ${Buffer.from(`${part(options.clientId)}:${part(options.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', options.clientId);
    form.set('client_secret', options.clientSecret);
  }
  const { status, body } = await fetchJson(endpoint.toString(), { method: 'POST', headers, body: form.toString() }, 'sign-in');
  if (status !== 200 || typeof body.access_token !== 'string') {
    const why = [body.error, body.error_description].filter(Boolean).join(': ');
    throw new Error(`sign-in as client ${options.clientId} refused by ${endpoint.origin} (${status}${why ? ` ${why}` : ''})`);
  }
  return body.access_token;
}

/** The demo issuer's JSON shortcut (username + the demo password): demos and tests only. */
async function demoUserToken(url: string, user: string): Promise<string> {
  const { status, body } = await fetchJson(
    `${url}/oidc/token`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: `demo-${user}` }) },
    'demo sign-in',
  );
  if (status !== 200 || typeof body.access_token !== 'string')
    throw new Error(
      `the demo issuer at ${url} gave no token for demo user ${user} (${status}); sign in with --client-id or --token instead`,
    );
  return body.access_token;
}

/**
 * Whether the API at `url` is its own demo issuer (the embedded default, a demo deployment). Nothing answering there
 * is said as such: it is a wrong --url or a stopped service, not a sign-in problem.
 */
async function runsDemoIssuer(url: string): Promise<boolean> {
  try {
    return (await discover(url)).token_endpoint === `${url}/oidc/token`;
  } catch (error) {
    if (error instanceof Unreachable)
      throw new CommandFailed(`cannot reach the API at ${url}; is the service running? (--url, PERHEVERKKO_URL, PORT)`);
    return false;
  }
}

/** A token for the command; `demoDefault` is the demo user the command asks as when nothing else is given. */
export async function signIn(options: SignInOptions, demoDefault: string): Promise<string> {
  if (options.token) return options.token;
  const { clientId, clientSecret } = options;
  if (clientId || clientSecret) {
    if (!clientId || !clientSecret)
      throw new UsageError(
        'client credentials need both --client-id (PERHEVERKKO_CLIENT_ID) and PERHEVERKKO_CLIENT_SECRET (or --client-secret)',
      );
    return clientCredentialsToken({ ...options, clientId, clientSecret });
  }
  if (options.user) return demoUserToken(options.url, options.user);
  if (!options.issuer && (await runsDemoIssuer(options.url))) {
    process.stderr.write(
      `(demo) signing in as demo user ${demoDefault} at the demo issuer of ${options.url}; use --client-id or --token elsewhere\n`,
    );
    return demoUserToken(options.url, demoDefault);
  }
  throw new UsageError(
    'not signed in: set PERHEVERKKO_CLIENT_ID and PERHEVERKKO_CLIENT_SECRET (client credentials at OIDC_ISSUER or --issuer), or pass --token / PERHEVERKKO_TOKEN',
  );
}
