import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { INTAKE_CONTRACTS } from '@perheverkko/contracts';
import { ProjectionsModule, ServiceEventStoreModule } from '@perheverkko/service-host';
import { ConcernsHttp } from './concerns/concerns.http';
import { IntakeCommandHandler } from './concerns/concern.commands';
import { OpenCaseIndex } from './open-cases/open-case-index';
import { OpenCaseJoinsHttp } from './open-cases/open-case-joins.http';
import { ConcernOverview, intakeReadModels } from './projections/concern-overview.projection';
import { ReferenceDataCommandHandler } from './reference-data/reference-data.commands';
import { ReferenceDataHttp } from './reference-data/reference-data.http';

/** Intake: concerns raised, rated and routed, and the reference data. The only writer of the `Concern-*` and `ReferenceData-*` streams. */
@Module({
  imports: [
    CqrsModule,
    ServiceEventStoreModule.forService({ service: 'intake', categories: ['Concern', 'ReferenceData'], publishes: INTAKE_CONTRACTS }),
    ProjectionsModule,
  ],
  controllers: [ConcernsHttp, OpenCaseJoinsHttp, ReferenceDataHttp],
  providers: [IntakeCommandHandler, ReferenceDataCommandHandler, ...intakeReadModels, ConcernOverview, OpenCaseIndex],
})
export class IntakeModule {}
