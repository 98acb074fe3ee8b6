import { S256_CODE_CHALLENGE } from './authorization-codes';

/** The one client the demo issuer knows: the web console, a public client (no secret; PKCE instead). */
export const CONSOLE_CLIENT_ID = 'perheverkko-console';
export const SUPPORTED_SCOPES: readonly string[] = ['openid', 'profile'];

/** The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect Core §3.1.2.1). */
export const AUTHORIZATION_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'code_challenge',
  'code_challenge_method',
  'state',
  'nonce',
  'scope',
] as const;
export type AuthorizationParameters = Partial<Record<(typeof AUTHORIZATION_PARAMETERS)[number], string>>;

/** A request the sign-in form may be shown for. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  nonce?: string;
  scope: string;
}

export type AuthorizationCheck =
  | { outcome: 'sign-in'; request: AuthorizationRequest }
  /** The client or where to send the answer cannot be trusted: a page of our own, never a redirect (no open redirect). */
  | { outcome: 'refuse'; reason: string }
  /** RFC 6749 §4.1.2.1: the redirect URI is trusted, so the client hears of its mistake there. */
  | { outcome: 'redirect-error'; redirectUri: string; state?: string; error: string; description: string };

const MAX_STATE = 1024;
const MAX_NONCE = 512;

/**
 * Checks an authorization request: first who is asking and where the answer goes (a refusal page when either is
 * wrong), then the rest (an error sent back to the client). `allowedOrigin` says whether a redirect URI's origin
 * may receive codes.
 */
export function checkAuthorizationRequest(input: Record<string, unknown>, allowedOrigin: (origin: string) => boolean): AuthorizationCheck {
  const one = (name: string): string | undefined | null => {
    const value = input[name];
    if (value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value : null; // null: repeated or nested, never silently picked from
  };
  const clientId = one('client_id');
  if (clientId !== CONSOLE_CLIENT_ID) {
    return {
      outcome: 'refuse',
      reason: clientId ? `The client "${clientId.slice(0, 100)}" is not known to this issuer.` : 'The request names no client (client_id).',
    };
  }
  const redirect = one('redirect_uri');
  if (!redirect) return { outcome: 'refuse', reason: 'The request names no redirect_uri.' };
  const redirectUri = parseRedirectUri(redirect);
  if (!redirectUri)
    return { outcome: 'refuse', reason: 'The redirect_uri is not an absolute http(s) URL without credentials or fragment.' };
  if (!allowedOrigin(redirectUri.origin)) {
    return {
      outcome: 'refuse',
      reason: `Sign-ins are not sent to ${redirectUri.origin}: only to this server's own origin and those listed in CONSOLE_ORIGINS.`,
    };
  }

  const state = one('state');
  const back = (error: string, description: string): AuthorizationCheck => ({
    outcome: 'redirect-error',
    redirectUri: redirect,
    state: typeof state === 'string' ? state.slice(0, MAX_STATE) : undefined,
    error,
    description,
  });
  if (state === null || (state && state.length > MAX_STATE))
    return back('invalid_request', `state must be one value of at most ${MAX_STATE} characters`);
  const responseType = one('response_type');
  if (responseType === undefined || responseType === null) return back('invalid_request', 'response_type is required');
  if (responseType !== 'code') return back('unsupported_response_type', 'only response_type=code is supported');
  const method = one('code_challenge_method');
  if (method !== 'S256') return back('invalid_request', 'PKCE is required with code_challenge_method=S256 (plain is not supported)');
  const codeChallenge = one('code_challenge');
  if (!codeChallenge || !S256_CODE_CHALLENGE.test(codeChallenge)) {
    return back('invalid_request', 'code_challenge is required: the base64url SHA-256 of the code verifier (43 characters)');
  }
  const nonce = one('nonce');
  if (nonce === null || (nonce && nonce.length > MAX_NONCE))
    return back('invalid_request', `nonce must be one value of at most ${MAX_NONCE} characters`);
  const scope = one('scope');
  if (scope === null) return back('invalid_scope', 'scope must be one value');
  const scopes = (scope ?? 'openid').split(' ').filter((s) => s !== '');
  const unknown = scopes.filter((s) => !SUPPORTED_SCOPES.includes(s));
  if (unknown.length > 0)
    return back('invalid_scope', `unknown scope ${unknown.join(' ').slice(0, 100)}; supported: ${SUPPORTED_SCOPES.join(' ')}`);
  // There is no session to sign in silently with: each sign-in asks for the password (OpenID Connect Core §3.1.2.6).
  if (one('prompt') === 'none') return back('login_required', 'the demo issuer keeps no session; sign in interactively');
  return {
    outcome: 'sign-in',
    request: { clientId, redirectUri: redirect, codeChallenge, state, nonce, scope: [...new Set(scopes)].join(' ') },
  };
}

function parseRedirectUri(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.hash || value.includes('#'))
      return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** `redirectUri` with the answer's parameters added (RFC 6749 §4.1.2: the query the client already has is kept). */
export function redirectWith(redirectUri: string, parameters: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
