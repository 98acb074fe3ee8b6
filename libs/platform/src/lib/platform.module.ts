import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessLogHost } from './audit/access-log-host';
import { AuditController } from './audit/audit.controller';
import { CaseReadLogger } from './audit/case-read-logger.interceptor';
import { AccessGuard } from './auth/access.guard';
import { CaseAccessDirectory } from './auth/case-access-directory';
import { DemoIssuerController } from './auth/demo-issuer.controller';
import { TokenVerifier } from './auth/token-verifier';
import { ErasureController } from './personal-data/erasure.controller';
import { PersonalDataHost } from './personal-data/personal-data-host';
import { PlatformConfig, loadPlatformConfig } from './config/platform-config';
import { DatabaseConnection } from './database/database-connection';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { MessagingHost } from './messaging/messaging-host';
import { Metrics, MetricsController } from './observability/metrics';
import { DatabaseHealth } from './health/database-health';
import { StaffDirectory, loadStaffDirectory } from './directory/staff-directory';
import { ReferenceData } from './reference-data/reference-data';

/**
 * What every process has once: configuration, its database, messaging, authentication and need-to-know access,
 * the access log, the reference data, and the health endpoint.
 */
@Global()
@Module({
  controllers: [HealthController, MetricsController, DemoIssuerController, AuditController, ErasureController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: CaseReadLogger },
    TokenVerifier,
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
