import { Module } from '@nestjs/common';
import { ReportingModule } from '@perheverkko/reporting-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, ReportingModule] })
export class AppModule {}
