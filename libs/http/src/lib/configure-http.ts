import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Metrics, routeTemplateOf } from '@perheverkko/observability';
import { PlatformConfig } from '@perheverkko/runtime';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { SwaggerModule } from '@nestjs/swagger';
import { bodyParserProblem, DomainErrorsFilter, pathOf, sendProblem } from './domain-errors.filter';
import { createValidationPipe } from './validation';
import { logRequests } from './request-log';
import { rateLimitPerClient } from './rate-limit';
import { allowConsoleOrigins } from './cross-origin';
import { ConditionalGetInterceptor } from './conditional-get';
import { type HttpSurface, openApiDocumentOf } from './openapi';
import { answerParserRefusals } from './parser-refusals';

export type { HttpSurface } from './openapi';

/** Bodies the API reads: JSON; and HTML forms only at the demo issuer's OpenID Connect endpoints (the sign-in page). */
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** A body in any other media type is 415, not a silently empty body that then fails validation field by field. */
function refuseUnsupportedMediaTypes(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = request.headers['content-type'] ?? '';
  if (!hasBody || JSON_TYPE.test(type) || (FORM_TYPE.test(type) && request.path.startsWith('/oidc/'))) return next();
  sendProblem(response, {
    status: 415,
    detail: `This API reads request bodies as application/json${type ? `, not ${type.split(';')[0]}` : ' (Content-Type is missing)'}.`,
    instance: pathOf(request),
  });
}

/** The conventions every service keeps: validated input, mapped refusals, OpenAPI at /openapi.json and /docs. */
export function configureHttp(app: INestApplication, surface: HttpSurface): void {
  // First: every request is an HTTP latency sample (by route template, never by ids) and, with JSON logs, a request
  // line; its trace span comes from the http instrumentation (@perheverkko/observability).
  answerParserRefusals(app.getHttpServer());
  const metrics = app.get(Metrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: request.method });
    response.on('finish', () => end({ route: routeTemplateOf(request), status: String(response.statusCode) }));
    next();
  });
  if (process.env.LOG_FORMAT === 'json') app.use(logRequests());
  // Before routing, so unknown paths spend the same budget; behind TRUSTED_PROXIES proxies the client is the
  // address they forwarded, never what a client wrote in X-Forwarded-For itself.
  const config = app.get(PlatformConfig);
  (app as NestExpressApplication).set('trust proxy', config.TRUSTED_PROXIES);
  app.use(rateLimitPerClient(config.RATE_LIMIT_PER_MINUTE));
  // Security headers; the OpenAPI page needs its own inline script and styles.
  // TLS ends at the ingress, so requests are not upgraded here (it would break the page on plain localhost).
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // What a signed-in person is answered (a case, their worklist, a history) is kept by no cache, the browser's disk
  // or a proxy's: a 304 on If-None-Match still spares a client that holds the ETag itself.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.headers.authorization !== undefined) response.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Consoles on other origins (CONSOLE_ORIGINS); nothing when unset.
  allowConsoleOrigins(app, config);
  // Requests here are forms and plans, never files: anything larger is refused with 413. Read as JSON in every JSON
  // media type (`application/problem+json`, `application/*+json`) that refuseUnsupportedMediaTypes lets through.
  (app as NestExpressApplication).useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  // What the JSON parser refuses (unreadable JSON, too large, an unknown encoding) is a problem answer like any other.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    const problem = bodyParserProblem(error);
    if (!problem) return next(error);
    sendProblem(response, { ...problem, instance: pathOf(request) });
  });
  app.use(refuseUnsupportedMediaTypes);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorsFilter());
  app.useGlobalInterceptors(new ConditionalGetInterceptor());
  app.enableShutdownHooks();
  // Draining on SIGTERM: keep-alive clients under load would otherwise hold the server open for ever (it closes
  // only idle connections). Requests still in flight are answered, each with `Connection: close`.
  let draining = false;
  const server = app.getHttpServer() as Server;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      draining = true;
      server.closeIdleConnections();
    });
  }
  app.use((_request: Request, response: Response, next: NextFunction) => {
    if (draining) response.setHeader('Connection', 'close');
    next();
  });
  // Built at the first request for it, then kept: scanning every controller was a tenth of a start, and most
  // processes (a service's replicas) are never asked for their document.
  SwaggerModule.setup('docs', app, () => openApiDocumentOf(app, surface), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
