import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { IntakeModule } from '@perheverkko/intake-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, IntakeModule] })
export class AppModule {}

/** The service's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko intake',
  description: 'Intake: concerns raised, rated and routed.',
};
