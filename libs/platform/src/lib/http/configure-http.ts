import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainErrorsFilter } from './domain-errors.filter';
import { createValidationPipe } from './validation';

export interface HttpSurface {
  title: string;
  description: string;
}

/** The conventions every service keeps: validated input, mapped refusals, OpenAPI at /openapi.json and /docs. */
export function configureHttp(app: INestApplication, surface: HttpSurface): void {
  // Security headers; the OpenAPI page needs its own inline script and styles.
  // TLS ends at the ingress, so requests are not upgraded here (it would break the page on plain localhost).
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null },
      },
    }),
  );
  // Requests here are forms and plans, never files: anything larger is refused with 413.
  (app as NestExpressApplication).useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorsFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(surface.title).setDescription(surface.description).setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
