import { request as httpRequest } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthorizationCodes } from '@perheverkko/access';
import { onEmbeddedApp } from '@perheverkko/platform/testing';
import { StandaloneModule } from '../standalone.module';

const CLIENT_ID = 'perheverkko-console';
const LISTED_ORIGIN = 'http://console.example.test:8080';
const UNLISTED_ORIGIN = 'http://elsewhere.example.test';

/** A PKCE pair as oidc-client-ts makes one (RFC 7636: 32 random bytes, S256). */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const form = (fields: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)).toString();

describe('the embedded default: sign-in for the console (code + PKCE) and the console itself', () => {
  const consoleDir = mkdtempSync(join(tmpdir(), 'perheverkko-console-dir-'));
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(
    join(consoleDir, 'index.html'),
    '<!doctype html><html lang="en"><title>console</title><script type="module" src="./assets/app-1a2b3c.js"></script></html>',
  );
  writeFileSync(join(consoleDir, 'assets', 'app-1a2b3c.js'), 'console.log("console")');
  writeFileSync(join(consoleDir, '.stamp'), 'x');

  let app: INestApplication;
  let base: string;
  let redirectUri: string;

  onEmbeddedApp(
    StandaloneModule,
    { tempPrefix: 'console-sign-in', env: { CONSOLE_DIR: consoleDir, CONSOLE_ORIGINS: LISTED_ORIGIN }, nest: { logger: false } },
    (served) => {
      ({ app, base } = served);
      redirectUri = `${base}/`;
    },
  );
  afterAll(() => rmSync(consoleDir, { recursive: true, force: true }));
  // The read models' tables are made as the projections start: ready once health says up.
  beforeAll(async () => {
    for (let tries = 0; tries < 100 && (await fetch(`${base}/health`)).status !== 200; tries++)
      await new Promise((r) => setTimeout(r, 100));
  }, 30_000);

  const authorizeQuery = (overrides: Record<string, string | undefined> = {}, challenge = pkce().challenge) => ({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-123',
    nonce: 'nonce-456',
    scope: 'openid profile',
    ...overrides,
  });

  const getAuthorize = (query: Record<string, string | undefined>) =>
    fetch(`${base}/oidc/authorize?${form(query)}`, { redirect: 'manual' });
  const postAuthorize = (fields: Record<string, string | undefined>) =>
    fetch(`${base}/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form(fields),
      redirect: 'manual',
    });
  const token = (fields: Record<string, string | undefined>) =>
    fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });

  /** Signs `username` in through the form and answers the code the redirect carries. */
  async function codeFor(challenge: string, username = 'terhi', overrides: Record<string, string | undefined> = {}) {
    const response = await postAuthorize({ ...authorizeQuery(overrides, challenge), username, password: `demo-${username}` });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('state-123');
    return location.searchParams.get('code') ?? '';
  }

  describe('discovery', () => {
    it('should name the authorization, token, keys and logout endpoints and what they support', async () => {
      const response = await fetch(`${base}/.well-known/openid-configuration`);
      const discovery = (await response.json()) as Record<string, unknown>;
      const issuer = discovery.issuer as string;
      expect(discovery).toMatchObject({
        authorization_endpoint: `${issuer}/oidc/authorize`,
        token_endpoint: `${issuer}/oidc/token`,
        jwks_uri: `${issuer}/oidc/jwks`,
        end_session_endpoint: `${issuer}/oidc/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: expect.arrayContaining(['authorization_code']),
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: ['openid', 'profile'],
        subject_types_supported: ['public'],
      });
    });
  });

  describe('authorization code + PKCE', () => {
    it('should show an accessible sign-in page, redirect with a code, and exchange it for tokens that work on the API', async () => {
      const { verifier, challenge } = pkce();
      const page = await getAuthorize(authorizeQuery({}, challenge));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      expect(csp).toContain(`form-action 'self' ${base}`);
      const html = await page.text();
      expect(html).toMatch(/<html lang="en">/);
      expect(html).toMatch(/<label for="username">/);
      expect(html).toMatch(/<label for="password">/);
      expect(html).not.toMatch(/<script/);
      expect(html).toContain(`name="code_challenge" value="${challenge}"`);
      expect(html).toContain('pekka');

      const code = await codeFor(challenge);
      expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);
      const response = await token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: CLIENT_ID,
        code_verifier: verifier,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const tokens = (await response.json()) as Record<string, string | number>;
      expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile' });

      const idToken = decodeJwt(String(tokens.id_token));
      expect(decodeProtectedHeader(String(tokens.id_token)).alg).toBe('ES256');
      expect(idToken).toMatchObject({
        aud: CLIENT_ID,
        nonce: 'nonce-456',
        sub: 'demo-terhi',
        name: 'Terhi Terveydenhoitaja',
        roles: ['professional'],
        organisation: 'Kangasala child health clinic',
        sector: 'child health clinic',
      });
      // The access token is the one the JSON shortcut issues: same claims, same lifetime.
      const accessToken = decodeJwt(String(tokens.access_token));
      expect(accessToken).toMatchObject({
        aud: 'perheverkko',
        sub: 'demo-terhi',
        org: 'Kangasala child health clinic',
        roles: ['professional'],
      });
      expect(accessToken.iss).toBe(idToken.iss);
      expect((accessToken.exp ?? 0) - (accessToken.iat ?? 0)).toBe(3600);

      // The read model's table is made as reporting's projection starts, a moment after the process answers.
      const casesOf = () => fetch(`${base}/cases`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      let cases = await casesOf();
      for (let tries = 0; tries < 100 && cases.status >= 500; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        cases = await casesOf();
      }
      expect(cases.status).toBe(200);
      expect(await cases.json()).toMatchObject({ items: expect.any(Array) });
    });

    it('should re-render the form with 401 for a wrong password, and redirect nowhere', async () => {
      const response = await postAuthorize({ ...authorizeQuery(), username: 'terhi', password: 'wrong' });
      expect(response.status).toBe(401);
      expect(response.headers.get('location')).toBeNull();
      const html = await response.text();
      expect(html).toMatch(/role="alert"[^>]*>Unknown demo user or wrong password/);
      expect(html).toContain('value="terhi"');
      expect(html).not.toContain('value="wrong"');
    });

    it.each([
      ['an unknown client', { client_id: 'someone-else' }],
      ['no client', { client_id: undefined }],
      ['a redirect_uri on an unlisted origin', { redirect_uri: `${UNLISTED_ORIGIN}/` }],
      ['a redirect_uri that is not a URL', { redirect_uri: 'javascript:alert(1)' }],
      ['no redirect_uri', { redirect_uri: undefined }],
    ])('should refuse %s with a 400 page of its own, never a redirect', async (_what, overrides) => {
      for (const response of [
        await getAuthorize(authorizeQuery(overrides)),
        await postAuthorize({ ...authorizeQuery(overrides), username: 'terhi', password: 'demo-terhi' }),
      ]) {
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(await response.text()).toContain('This sign-in cannot start');
      }
    });

    it('should send a sign-in to an origin listed in CONSOLE_ORIGINS', async () => {
      const listed = `${LISTED_ORIGIN}/console/`;
      const page = await getAuthorize(authorizeQuery({ redirect_uri: listed }));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${LISTED_ORIGIN}`);
      const response = await postAuthorize({ ...authorizeQuery({ redirect_uri: listed }), username: 'olli', password: 'demo-olli' });
      expect(response.headers.get('location')).toMatch(new RegExp(`^${LISTED_ORIGIN}/console/\\?code=[A-Za-z0-9_-]{43}&state=state-123$`));
    });

    it.each([
      ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
      ['no challenge method', { code_challenge_method: undefined }, 'invalid_request'],
      ['no challenge', { code_challenge: undefined }, 'invalid_request'],
      ['a challenge that is no SHA-256', { code_challenge: 'short' }, 'invalid_request'],
      ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
      ['an unknown scope', { scope: 'openid email' }, 'invalid_scope'],
      ['prompt=none (no session to sign in silently with)', { prompt: 'none' }, 'login_required'],
    ])('should send %s back to the client as error=%s with the state (RFC 6749 §4.1.2.1)', async (_what, overrides, error) => {
      const response = await getAuthorize(authorizeQuery(overrides));
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.get('code')).toBeNull();
    });

    describe('the token request', () => {
      const exchange = (code: string, verifier: string, overrides: Record<string, string | undefined> = {}) =>
        token({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: CLIENT_ID,
          code_verifier: verifier,
          ...overrides,
        });

      async function refusal(response: Response) {
        expect(response.status).toBe(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        return (await response.json()) as { error: string; error_description: string };
      }

      it('should refuse a wrong verifier, and the code is spent by that attempt', async () => {
        const { verifier, challenge } = pkce();
        const code = await codeFor(challenge);
        expect(await refusal(await exchange(code, pkce().verifier))).toEqual({
          error: 'invalid_grant',
          error_description: expect.stringMatching(/code_verifier/),
        });
        expect((await refusal(await exchange(code, verifier))).error).toBe('invalid_grant');
      });

      it('should refuse a replayed code', async () => {
        const { verifier, challenge } = pkce();
        const code = await codeFor(challenge);
        expect((await exchange(code, verifier)).status).toBe(200);
        expect(await refusal(await exchange(code, verifier))).toEqual({
          error: 'invalid_grant',
          error_description: expect.stringMatching(/already used/),
        });
      });

      it('should refuse a code used with another redirect_uri or client', async () => {
        const first = pkce();
        const code = await codeFor(first.challenge);
        expect((await refusal(await exchange(code, first.verifier, { redirect_uri: `${base}/other/` }))).error).toBe('invalid_grant');
        const second = pkce();
        const other = await codeFor(second.challenge);
        expect((await refusal(await exchange(other, second.verifier, { client_id: 'someone-else' }))).error).toBe('invalid_grant');
      });

      it('should refuse an expired code (a minute of life)', async () => {
        const codes = app.get(AuthorizationCodes);
        const { verifier, challenge } = pkce();
        const code = await codeFor(challenge);
        codes.clock = () => Date.now() + 61_000;
        try {
          expect(await refusal(await exchange(code, verifier))).toEqual({
            error: 'invalid_grant',
            error_description: expect.stringMatching(/expired/),
          });
        } finally {
          codes.clock = Date.now;
        }
      });

      it('should answer missing fields and unknown grants as RFC 6749 §5.2 errors', async () => {
        expect((await refusal(await token({ grant_type: 'authorization_code', client_id: CLIENT_ID }))).error).toBe('invalid_request');
        expect((await refusal(await token({ grant_type: 'password', username: 'terhi', password: 'demo-terhi' }))).error).toBe(
          'unsupported_grant_type',
        );
        expect((await refusal(await exchange('not-a-code', pkce().verifier))).error).toBe('invalid_grant');
      });

      it('should still issue a token for JSON { username, password } (scripts, tests, the CLI)', async () => {
        const json = (body: unknown) =>
          fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const ok = await json({ username: 'aino', password: 'demo-aino' });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String) });
        expect((await json({ username: 'aino', password: 'nope' })).status).toBe(401);
        expect((await json({ username: 'aino' })).status).toBe(400);
      });
    });

    it('should not believe a Host header of another name (DNS rebinding): no code is sent to it', async () => {
      const { port } = new URL(base);
      const rebound = `http://attacker.example:${port}`;
      const query = new URLSearchParams(
        Object.entries(authorizeQuery({ redirect_uri: `${rebound}/` })).flatMap(([k, v]): Array<[string, string]> =>
          v === undefined ? [] : [[k, v]],
        ),
      );
      const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
        const sent = httpRequest(
          { host: '127.0.0.1', port, path: `/oidc/authorize?${query}`, headers: { host: `attacker.example:${port}` } },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode ?? 0, location: response.headers.location });
          },
        );
        sent.on('error', reject);
        sent.end();
      });
      expect(answer).toEqual({ status: 400, location: undefined });
    });

    it('should send a signed-out browser back only to an allowed origin', async () => {
      const back = await fetch(`${base}/oidc/logout?${form({ post_logout_redirect_uri: redirectUri, state: 's' })}`, {
        redirect: 'manual',
      });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe(`${redirectUri}?state=s`);
      const foreign = await fetch(`${base}/oidc/logout?${form({ post_logout_redirect_uri: `${UNLISTED_ORIGIN}/` })}`, {
        redirect: 'manual',
      });
      expect(foreign.status).toBe(400);
      expect(foreign.headers.get('location')).toBeNull();
    });
  });

  describe('cross-origin access (CONSOLE_ORIGINS)', () => {
    it.each(['/.well-known/openid-configuration', '/oidc/jwks', '/health'])(
      'should let a listed origin read %s and not an unlisted one',
      async (path) => {
        const listed = await fetch(`${base}${path}`, { headers: { origin: LISTED_ORIGIN } });
        expect(listed.headers.get('access-control-allow-origin')).toBe(LISTED_ORIGIN);
        const unlisted = await fetch(`${base}${path}`, { headers: { origin: UNLISTED_ORIGIN } });
        expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
      },
    );

    it('should answer a preflight for the API with the headers a console sends and reads', async () => {
      const preflight = await fetch(`${base}/cases`, {
        method: 'OPTIONS',
        headers: {
          origin: LISTED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,if-match,idempotency-key,x-purpose',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(LISTED_ORIGIN);
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-purpose']),
      );
      const unlisted = await fetch(`${base}/cases`, {
        method: 'OPTIONS',
        headers: { origin: UNLISTED_ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();

      const signedIn = await fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { origin: LISTED_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'terhi', password: 'demo-terhi' }),
      });
      expect(signedIn.headers.get('access-control-allow-origin')).toBe(LISTED_ORIGIN);
      const { access_token } = (await signedIn.json()) as { access_token: string };
      const cases = await fetch(`${base}/cases`, { headers: { origin: LISTED_ORIGIN, authorization: `Bearer ${access_token}` } });
      expect(cases.headers.get('access-control-allow-origin')).toBe(LISTED_ORIGIN);
      expect(cases.headers.get('access-control-expose-headers')?.split(',')).toEqual(
        expect.arrayContaining(['ETag', 'Location', 'Retry-After', 'Link']),
      );
    });

    it('should let the issuer be used from this process under its other loopback name, and the API not', async () => {
      const alias = 'http://127.0.0.1:3000'; // the issuer is http://localhost:3000 (PUBLIC_URL's default)
      const discovery = await fetch(`${base}/.well-known/openid-configuration`, { headers: { origin: alias } });
      expect(discovery.headers.get('access-control-allow-origin')).toBe(alias);
      const api = await fetch(`${base}/health`, { headers: { origin: alias } });
      expect(api.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('the console', () => {
    it('should serve index.html at / (revalidated) under a policy that lets it run', async () => {
      const response = await fetch(`${base}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('app-1a2b3c.js');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("connect-src 'self' http://localhost:3000");
    });

    it('should serve assets for a year, and nothing outside them', async () => {
      const asset = await fetch(`${base}/assets/app-1a2b3c.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${base}/assets/%2e%2e/index.html`)).status).not.toBe(200);
      expect((await fetch(`${base}/assets/..%2f.stamp`)).status).not.toBe(200);
    });

    it('should tell the console where its issuer and services are', async () => {
      const response = await fetch(`${base}/console-config.json`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        issuer: 'http://localhost:3000',
        clientId: CLIENT_ID,
        api: { intake: '', convening: '', meeting: '', planFollowup: '', reporting: '' },
      });
    });

    it('should leave the console out of the OpenAPI document, and keep /docs', async () => {
      const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).not.toEqual(expect.arrayContaining(['/', '/console-config.json']));
      expect(Object.keys(openapi.paths).some((path) => path.startsWith('/assets'))).toBe(false);
      expect(Object.keys(openapi.paths)).toContain('/oidc/token');
      const docs = await fetch(`${base}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
    });
  });
});
