import { Module } from '@nestjs/common';
import type { HttpSurface } from '@perheverkko/http';
import { ConveningModule } from '@perheverkko/convening-service';
import { IntakeModule } from '@perheverkko/intake-service';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';
import { ReportingModule } from '@perheverkko/reporting-service';
import { ConsoleModule } from './console/console.module';

/**
 * The embedded default: all five services in one process on one embedded database (a schema each). The
 * modules are the same ones the distributed apps host; only the transport between them differs. It alone also
 * serves the web console at `/`.
 */
@Module({
  imports: [PlatformModule, IntakeModule, ConveningModule, MeetingModule, PlanFollowupModule, ReportingModule, ConsoleModule],
})
export class StandaloneModule {}

/** The embedded default's title and description in its OpenAPI document. */
export const SURFACE: HttpSurface = {
  title: 'Perheverkko',
  description:
    'Early open collaboration with families: a concern raised with the family, a multi-agency network convened ' +
    'with the family’s consent, a joint plan, a responsible worker and follow-up. All five services in one process.',
};
