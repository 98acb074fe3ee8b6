import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import {
  AccessGuard,
  AccessLogHost,
  AuditController,
  AuthorizationCodes,
  CaseAccessDirectory,
  CaseReadLogger,
  DemoIssuerController,
  loadStaffDirectory,
  StaffDirectory,
  TokenVerifier,
} from '@perheverkko/access';
import { DeadLettersController, ErasureController, MessagingHost, PersonalDataHost, ReferenceData } from '@perheverkko/service-host';
import { DatabaseConnection, DatabaseHealth, HealthRegistry, loadPlatformConfig, PlatformConfig } from '@perheverkko/runtime';
import { Metrics } from '@perheverkko/observability';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/**
 * What every process has once: configuration, its database, messaging, authentication and need-to-know access,
 * the access log, the reference data, and the health endpoint.
 */
@Global()
@Module({
  controllers: [HealthController, MetricsController, DemoIssuerController, AuditController, ErasureController, DeadLettersController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: CaseReadLogger },
    TokenVerifier,
    AuthorizationCodes,
    CaseAccessDirectory,
    AccessLogHost,
    PersonalDataHost,
    { provide: PlatformConfig, useFactory: () => loadPlatformConfig() },
    { provide: DatabaseConnection, inject: [PlatformConfig], useFactory: (config: PlatformConfig) => DatabaseConnection.open(config) },
    HealthRegistry,
    DatabaseHealth,
    Metrics,
    MessagingHost,
    ReferenceData,
    {
      provide: StaffDirectory,
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => loadStaffDirectory(config.STAFF_DIRECTORY_FILE),
    },
  ],
  exports: [
    PlatformConfig,
    DatabaseConnection,
    HealthRegistry,
    Metrics,
    MessagingHost,
    CaseAccessDirectory,
    AccessLogHost,
    TokenVerifier,
    PersonalDataHost,
    StaffDirectory,
    ReferenceData,
  ],
})
export class PlatformModule {}
