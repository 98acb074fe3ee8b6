import { Module } from '@nestjs/common';
import { ConveningModule } from '@perheverkko/convening-service';
import { IntakeModule } from '@perheverkko/intake-service';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';
import { ReportingModule } from '@perheverkko/reporting-service';

/**
 * The embedded default: all five services in one process on one embedded database (a schema each). The
 * modules are the same ones the distributed apps host; only the transport between them differs.
 */
@Module({
  imports: [PlatformModule, IntakeModule, ConveningModule, MeetingModule, PlanFollowupModule, ReportingModule],
})
export class StandaloneModule {}
