import { Module } from '@nestjs/common';
import { ConveningModule } from '@perheverkko/convening-service';
import { PlatformModule } from '@perheverkko/platform';

@Module({ imports: [PlatformModule, ConveningModule] })
export class AppModule {}
