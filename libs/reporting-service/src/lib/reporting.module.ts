import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionsModule, ServiceEventStoreModule } from '@perheverkko/service-host';
import { AdoptionCommandHandler } from './adoption/adoption.commands';
import { AdoptionHttp } from './adoption/adoption.http';
import { ArchivePolicy } from './policies/archive.policy';
import { AuditArchivePolicy } from './policies/audit-archive.policy';
import { CaseHistoryHttp } from './audit/case-history.http';
import { CaseViewHttp } from './case-view/case-view.http';
import { CaseViews } from './case-view/case-views';
import { MyCases } from './case-view/my-cases';
import { caseSearchProviders } from './case-view/search';
import { reportingReadModels } from './projections/reporting.projection';
import { AnnualReportQueries } from './reports/annual-report.queries';
import { ReportsHttp } from './reports/reports.http';

/**
 * Reporting: keeps every event of the services about a case (`Received-*`: published ones from the events topics,
 * private ones from the audit records), and the coordinators' adoption records (`Adoption-*`),
 * in its own store; the annual report, the per-meeting records and the workers' case view ("my cases", the overview,
 * tasks, search: ADR 0017) are projections of that log (TypeORM read models); auditors read a case's history across
 * the services from it. It publishes nothing.
 */
@Module({
  imports: [
    CqrsModule,
    ServiceEventStoreModule.forService({ service: 'reporting', categories: ['Received', 'Adoption'] }),
    ProjectionsModule,
  ],
  controllers: [ReportsHttp, AdoptionHttp, CaseHistoryHttp, CaseViewHttp],
  providers: [
    ArchivePolicy,
    AuditArchivePolicy,
    AdoptionCommandHandler,
    ...reportingReadModels,
    AnnualReportQueries,
    CaseViews,
    MyCases,
    ...caseSearchProviders,
  ],
})
export class ReportingModule {}
