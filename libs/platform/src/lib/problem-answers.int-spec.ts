import { Module } from '@nestjs/common';
import { onEmbeddedApp } from '../testing/embedded-app';
import { PlatformModule } from './platform.module';

@Module({ imports: [PlatformModule] })
class BareApp {}

interface ProblemSeen {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Every error over real HTTP is an RFC 9457 problem, the framework's own answers too (issue 22). */
describe('problem details for every error (application/problem+json)', () => {
  let base: string;
  let tokenOf: (user: string) => string;
  onEmbeddedApp(BareApp, { tempPrefix: 'problems', nest: { logger: ['error'] } }, (served) => {
    ({ base } = served);
    tokenOf = (user) => served.tokens[user as keyof typeof served.tokens];
  });

  const send = async (path: string, init: RequestInit = {}): Promise<ProblemSeen> => {
    const response = await fetch(`${base}${path}`, init);
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const asProblem = (seen: ProblemSeen, status: number, slug: string) => {
    expect(seen.status).toBe(status);
    expect(seen.contentType).toMatch(/^application\/problem\+json/);
    expect(seen.body).toMatchObject({
      type: `urn:perheverkko:problem:${slug}`,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  it("should answer what Node's HTTP parser refuses as a problem too: header fields over 16 kB", async () => {
    const seen = await send('/health', { headers: { 'x-padding': 'A'.repeat(20_000) } });
    asProblem(seen, 431, 'headers-too-large');
    expect(seen.body.detail).toContain('16 kB');
  });

  it("should answer Nest's own 404 for an unknown path as a problem, its instance the path without the query", async () => {
    const seen = await send('/no/such/path?q=Virtanen');
    asProblem(seen, 404, 'not-found');
    expect(seen.body.instance).toBe('/no/such/path');
    expect(JSON.stringify(seen.body)).not.toContain('Virtanen');
  });

  it('should answer unreadable JSON 400, a body over the limit 413 and a body in another media type 415', async () => {
    const post = (body: string, type = 'application/json') =>
      send('/oidc/token', { method: 'POST', headers: { 'content-type': type }, body });
    asProblem(await post('{"username": '), 400, 'malformed-json');
    asProblem(await post(JSON.stringify({ username: 'x'.repeat(300_000), password: 'y' })), 413, 'payload-too-large');
    asProblem(await post('<xml/>', 'application/xml'), 415, 'unsupported-media-type');
    asProblem(
      await send('/erasures', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'erase' }),
      415,
      'unsupported-media-type',
    );
  });

  it('should answer the guard with 401 and WWW-Authenticate, telling an invalid token from none', async () => {
    const erase = (headers: Record<string, string>) =>
      send('/erasures', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const none = await erase({});
    asProblem(none, 401, 'unauthenticated');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="perheverkko"');
    const invalid = await erase({ authorization: 'Bearer not.a.token' });
    asProblem(invalid, 401, 'unauthenticated');
    expect(invalid.headers.get('www-authenticate')).toBe('Bearer realm="perheverkko", error="invalid_token"');
  });

  it('should answer validation with each field and the reason, and a wrong role with 403', async () => {
    const erasure = await send('/erasures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('pekka')}` },
      body: JSON.stringify({ caseId: 'not-a-uuid' }),
    });
    asProblem(erasure, 400, 'invalid-fields');
    expect(erasure.body.violations).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'caseId', reason: expect.any(String) })]),
    );
    const asTerhi = await send('/erasures', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('terhi')}` },
      body: JSON.stringify({ caseId: '0b9f4f9e-8d0c-4b8e-9a43-3f1f1b0c8a11', reason: 'x' }),
    });
    expect(asTerhi.status).toBe(403);
    expect(asTerhi.contentType).toMatch(/^application\/problem\+json/);
  });
});
