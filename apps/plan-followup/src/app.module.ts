import { Module } from '@nestjs/common';
import { PlanFollowupModule } from '@perheverkko/plan-followup-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, PlanFollowupModule] })
export class AppModule {}
