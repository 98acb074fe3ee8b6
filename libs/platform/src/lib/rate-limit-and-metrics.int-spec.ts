import { Module } from '@nestjs/common';
import { onEmbeddedApp } from '../testing/embedded-app';
import { PlatformModule } from './platform.module';

@Module({ imports: [PlatformModule] })
class BareApp {}

/** A process with a small budget and a scrape token, as a county would run it behind its ingress. */
describe('one rate budget per client, and metrics behind a token', () => {
  let base: string;
  onEmbeddedApp(
    BareApp,
    {
      tempPrefix: 'limits',
      // Six tokens are fetched for the demo users first: the budget leaves room for them and a few calls.
      env: { RATE_LIMIT_PER_MINUTE: '20', TRUSTED_PROXIES: '1', METRICS_TOKEN: 'scrape-token-of-the-county-0123456789' },
      nest: { logger: ['error'] },
    },
    (served) => {
      ({ base } = served);
    },
  );

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  it('should serve /metrics only to the scraper holding the token', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer not-the-token-but-as-long-as-it-0' })).status).toBe(401);
    const scraped = await get('/metrics', { authorization: 'Bearer scrape-token-of-the-county-0123456789' });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/perheverkko_http_request_duration_seconds/);
  });

  it('should spend one budget across routes and unknown paths, per client as the trusted proxy forwarded it', async () => {
    // Client A (as the one trusted proxy saw it) exhausts its budget on one route…
    const asA = { 'x-forwarded-for': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await get('/.well-known/openid-configuration', asA)).status);
    expect(statuses).toContain(429);
    // …and is throttled on every other route too, unknown paths included, with the problem body and Retry-After.
    const elsewhere = await get('/oidc/jwks', asA);
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await elsewhere.json()) as { error: string }).error).toBe('Too Many Requests');
    expect((await get('/no/such/path', asA)).status).toBe(429);
    // Writing another address before the proxy's does not make a new client: the proxy's hop decides.
    expect((await get('/oidc/jwks', { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })).status).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect((await get('/oidc/jwks', { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    // Probes are never throttled.
    expect((await get('/health/live', asA)).status).toBe(200);
  });
});
