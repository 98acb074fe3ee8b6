import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Metrics, traceRequests } from '@perheverkko/observability';
import { PlatformConfig } from '@perheverkko/runtime';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainErrorsFilter } from './domain-errors.filter';
import { createValidationPipe } from './validation';
import { rateLimitPerClient } from './rate-limit';

export interface HttpSurface {
  title: string;
  description: string;
}

/** The conventions every service keeps: validated input, mapped refusals, OpenAPI at /openapi.json and /docs. */
export function configureHttp(app: INestApplication, surface: HttpSurface): void {
  // First: every request is a trace span and an HTTP latency sample (by route template, never by ids).
  app.use(traceRequests);
  const metrics = app.get(Metrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: request.method });
    response.on('finish', () =>
      end({ route: (request.route as { path?: string } | undefined)?.path ?? 'unmatched', status: String(response.statusCode) }),
    );
    next();
  });
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
  // Requests here are forms and plans, never files: anything larger is refused with 413.
  (app as NestExpressApplication).useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorsFilter(app.getHttpAdapter()));
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(surface.title).setDescription(surface.description).setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
