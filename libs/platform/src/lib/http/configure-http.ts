import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainErrorsFilter } from './domain-errors.filter';
import { createValidationPipe } from './validation';

export interface HttpSurface {
  title: string;
  description: string;
}

/** The conventions every service keeps: validated input, mapped refusals, OpenAPI at /openapi.json and /docs. */
export function configureHttp(app: INestApplication, surface: HttpSurface): void {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorsFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(surface.title).setDescription(surface.description).setVersion('0.1.0').build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
