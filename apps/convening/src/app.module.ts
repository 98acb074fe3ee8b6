import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { ConveningModule } from '@perheverkko/convening-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, ConveningModule] })
export class AppModule {}

/** The service's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko convening',
  description: 'Convening: consent, invitations, time and place.',
};
