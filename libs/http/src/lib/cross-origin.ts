import type { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { NextFunction, Request, Response } from 'express';
import type { PlatformConfig } from '@perheverkko/runtime';

/** The demo issuer's endpoints a browser calls with fetch (the sign-in page itself is a navigation, not CORS). */
const DEMO_ISSUER_PATHS = new Set(['/.well-known/openid-configuration', '/oidc/jwks', '/oidc/token']);

/** What a console sends and reads: conditional writes, idempotent retries, the auditor's purpose, paging links. */
const API_CORS: Omit<CorsOptions, 'origin'> = {
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Purpose'],
  exposedHeaders: ['ETag', 'Location', 'Retry-After', 'Link'],
  // Bearer tokens, not cookies: no credentials mode.
  credentials: false,
  maxAge: 600,
};

/**
 * Cross-origin access for web consoles served apart from the services (CONSOLE_ORIGINS): the API, and the demo
 * issuer's discovery, keys and token endpoints (for those also this process under its loopback names, where the
 * embedded default's console may be opened). Any other origin gets no CORS header, so its browser reads nothing;
 * with CONSOLE_ORIGINS unset the API allows no other origin at all.
 */
export function allowConsoleOrigins(app: INestApplication, config: PlatformConfig): void {
  const api = new Set(config.consoleOrigins);
  const issuer = new Set(config.servesDemoIssuer ? config.demoIssuerCorsOrigins : []);
  if (api.size === 0 && issuer.size === 0) return;
  // Answers differ by Origin, so shared caches must keep them apart, allowed or not.
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.vary('Origin');
    next();
  });
  app.enableCors((request: Request, decide: (error: Error | null, options: CorsOptions) => void) => {
    const origin = request.header('origin');
    const allowed = DEMO_ISSUER_PATHS.has(request.path) ? issuer : api;
    decide(null, { ...API_CORS, origin: origin !== undefined && allowed.has(origin) ? origin : false });
  });
}
