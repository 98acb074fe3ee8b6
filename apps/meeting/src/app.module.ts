import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, MeetingModule] })
export class AppModule {}

/** The service's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko meeting',
  description: 'Meeting: joint meeting, Wellbeing Star, joint plan, responsible worker.',
};
