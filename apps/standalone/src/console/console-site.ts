import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PlatformConfig } from '@perheverkko/runtime';
import { CONSOLE_CLIENT_ID } from '@perheverkko/access';

/** Where the built console is: CONSOLE_DIR, or what `npm run console:build` makes (relative to the working folder). */
export function consoleDirOf(config: PlatformConfig): string {
  return resolve(config.CONSOLE_DIR ?? join('dist', 'console'));
}

export function consoleIsBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** The issuer whose sign-in the console uses: OIDC_ISSUER, or this process's own demo issuer. */
function issuerOf(config: PlatformConfig): string {
  return (config.OIDC_ISSUER ?? config.publicUrl).replace(/\/$/, '');
}

/** What the console reads at start (`/console-config.json`): every service is this process, so each API is '' (same origin). */
export function consoleConfigOf(config: PlatformConfig) {
  return {
    issuer: issuerOf(config),
    clientId: CONSOLE_CLIENT_ID,
    api: { intake: '', convening: '', meeting: '', planFollowup: '', reporting: '' },
  };
}

/**
 * The console's own Content-Security-Policy (the API's, set by helmet for every route, allows inline script for
 * the Swagger page; the console needs none):
 * - scripts and style sheets only from this origin: Vite emits them as files;
 * - `style-src-attr 'unsafe-inline'`: React and recharts set element styles (positions, sizes, chart colours).
 *   They do it through the CSSOM, which CSP does not govern, but markup that carries a style attribute would
 *   otherwise lose it silently; attributes cannot load anything or hold selectors, and <style> elements stay refused;
 * - connect-src: this origin (the API) and the issuer's (discovery, keys and token, when it is another origin,
 *   as http://localhost:3000 is for a console opened at http://127.0.0.1:3000);
 * - images from this origin and data: URLs (icons), nothing framed, no plugins.
 */
export function consolePolicy(config: PlatformConfig): string {
  const issuerOrigin = new URL(issuerOf(config)).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${issuerOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `/` when the console has not been built: how to build it. */
export function notBuiltPage(dir: string): string {
  const escaped = dir.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Perheverkko – console not built</title></head>
<body>
<main>
<h1>The web console is not built</h1>
<p>No console was found in <code>${escaped}</code>. Build it with <code>npm run console:build</code> (or start with
<code>npm start</code>, which builds it when it is missing or older than its sources), then reload this page.</p>
<p>The HTTP API is running: its description is at <a href="docs">/docs</a>.</p>
</main>
</body>
</html>
`;
}
