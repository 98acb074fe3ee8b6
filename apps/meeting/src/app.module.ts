import { Module } from '@nestjs/common';
import { MeetingModule } from '@perheverkko/meeting-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, MeetingModule] })
export class AppModule {}
