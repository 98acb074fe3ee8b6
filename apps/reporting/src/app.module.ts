import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { ReportingModule } from '@perheverkko/reporting-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, ReportingModule] })
export class AppModule {}

/** The service's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko reporting',
  description: 'Reporting: annual report, adoption stage, case timelines (projections only).',
};
