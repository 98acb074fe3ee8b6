import { Global, Module } from '@nestjs/common';
import { PlatformConfig, loadPlatformConfig } from './config/platform-config';
import { DatabaseConnection } from './database/database-connection';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';

/** What every process has once: configuration, its database connection, and the health endpoint. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [
    { provide: PlatformConfig, useFactory: () => loadPlatformConfig() },
    { provide: DatabaseConnection, inject: [PlatformConfig], useFactory: (config: PlatformConfig) => DatabaseConnection.open(config) },
    HealthRegistry,
  ],
  exports: [PlatformConfig, DatabaseConnection, HealthRegistry],
})
export class PlatformModule {}
