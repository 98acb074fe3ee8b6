import { Module } from '@nestjs/common';
import { IntakeModule } from '@perheverkko/intake-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, IntakeModule] })
export class AppModule {}
