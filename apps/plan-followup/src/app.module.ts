import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, PlanFollowupModule] })
export class AppModule {}

/** The service's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko plan-followup',
  description: 'Plan follow-up: actions, contacts, follow-up meetings, outcome, feedback.',
};
