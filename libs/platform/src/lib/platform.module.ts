import { Global, Module } from '@nestjs/common';
import { PlatformConfig, loadPlatformConfig } from './config/platform-config';
import { DatabaseConnection } from './database/database-connection';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { MessagingHost } from './messaging/messaging-host';

/** What every process has once: configuration, its database connection, messaging, and the health endpoint. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [
    { provide: PlatformConfig, useFactory: () => loadPlatformConfig() },
    { provide: DatabaseConnection, inject: [PlatformConfig], useFactory: (config: PlatformConfig) => DatabaseConnection.open(config) },
    HealthRegistry,
    MessagingHost,
  ],
  exports: [PlatformConfig, DatabaseConnection, HealthRegistry, MessagingHost],
})
export class PlatformModule {}
