import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { pathOf, sendProblem } from './domain-errors.filter';

/**
 * One budget per client across every route, unknown paths included (a client throttled on one route is throttled
 * on all). The client is the connecting address, or the address `trustedProxies` hops back in X-Forwarded-For
 * (Express's `trust proxy`, set by configureHttp): a forged header from a client is never believed. Probes and
 * scrapes are never throttled: an orchestrator must always get an answer. Kept per process (a replica's own
 * budget); an ingress limits the whole.
 */
export function rateLimitPerClient(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (request: Request) => request.path === '/metrics' || request.path === '/health' || request.path.startsWith('/health/'),
    handler: (request: Request, response: Response, _next, options) => {
      // The window's reset, as the standard RateLimit header just set says it (`…, reset=57`).
      const reset = /reset=(\d+)/.exec(String(response.getHeader('RateLimit') ?? ''));
      const seconds = reset ? Math.max(1, Number(reset[1])) : Math.ceil(options.windowMs / 1000);
      response.setHeader('Retry-After', String(seconds));
      sendProblem(response, {
        status: 429,
        detail: `More than ${options.limit} requests a minute from this client: wait ${seconds} s (Retry-After) and send again.`,
        instance: pathOf(request),
      });
    },
  });
}
