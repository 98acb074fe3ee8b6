import { createHash } from 'node:crypto';
import { AUTHORIZATION_PARAMETERS, type AuthorizationRequest } from './authorization-request';
import { DEMO_USERS } from './demo-users';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// Dark text on white and white on a dark blue: every pair above 7:1 (WCAG AAA), focus visible for keyboard users.
const STYLE = `
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f5f7}
main{max-width:30rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #c4c8cf;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin-top:1rem}
input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;color:#1b1b1b;background:#fff;border:1px solid #5c6370;border-radius:.25rem}
button{margin-top:1.25rem;padding:.6rem 1.5rem;font:inherit;font-weight:600;color:#fff;background:#0b4f8a;border:0;border-radius:.25rem;cursor:pointer}
button:hover{background:#083b67}
input:focus,button:focus{outline:3px solid #083b67;outline-offset:2px}
.error{color:#9b0000;font-weight:600;border-left:4px solid #9b0000;padding-left:.75rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #d9dce1}
code{font-family:ui-monospace,monospace;white-space:nowrap}
`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The page's own policy, stricter than the API's: no script at all, only its own inline style (by hash), and the
 * form may post here and then be redirected only to the client's origin (browsers check redirects of a form too).
 */
export function signInPagePolicy(redirectOrigin?: string): string {
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `form-action 'self'${redirectOrigin ? ` ${redirectOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The demo issuer's sign-in form for an authorization request; `error` says why the last attempt failed. */
export function signInPage(request: AuthorizationRequest, username = '', error?: string): string {
  const hidden: Record<(typeof AUTHORIZATION_PARAMETERS)[number], string | undefined> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    state: request.state,
    nonce: request.nonce,
    scope: request.scope,
  };
  const users = DEMO_USERS.map(
    (u) =>
      `<tr><td><code>${escape(u.username)}</code></td><td><code>${escape(u.password)}</code></td><td>${escape(u.roles.join(', '))}</td><td>${escape(u.organisation)}</td></tr>`,
  ).join('\n');
  return page(
    'Sign in – Perheverkko demo issuer',
    `<h1>Sign in to Perheverkko</h1>
<p>This is the built-in demo issuer: for demos and tests only, never for real families' data.</p>
${error ? `<p class="error" id="sign-in-error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="authorize">
${Object.entries(hidden)
  .filter(([, value]) => value !== undefined)
  .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value ?? '')}">`)
  .join('\n')}
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="100" value="${escape(username)}"${error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200"${error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : ''}>
<button type="submit">Sign in</button>
</form>
<h2 id="demo-users">Demo users</h2>
<table aria-labelledby="demo-users">
<thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Role</th><th scope="col">Organisation</th></tr></thead>
<tbody>
${users}
</tbody>
</table>`,
  );
}

/** Why a sign-in cannot start: shown instead of redirecting anywhere. */
export function refusalPage(reason: string): string {
  return page(
    'Sign-in refused – Perheverkko demo issuer',
    `<h1>This sign-in cannot start</h1>
<p class="error">${escape(reason)}</p>
<p>The application that sent you here is not set up for this server. If you run it, check its client id (<code>perheverkko-console</code>) and that its origin is this server's own or listed in <code>CONSOLE_ORIGINS</code>.</p>`,
  );
}

/** After a logout with no address to return to, or one that is not allowed (then 400). */
export function signedOutPage(returnRefused: boolean): string {
  return page(
    'Signed out – Perheverkko demo issuer',
    `<h1>Signed out</h1>
<p>${
      returnRefused
        ? 'The address to return to is not this server’s own origin or one listed in <code>CONSOLE_ORIGINS</code>, so you stay here.'
        : 'You can close this page.'
    }</p>`,
  );
}
