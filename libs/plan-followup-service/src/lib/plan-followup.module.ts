import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PLAN_FOLLOWUP_CONTRACTS } from '@perheverkko/contracts';
import { ProjectionsModule, ServiceEventStoreModule } from '@perheverkko/service-host';
import { CaseRetention } from './policies/case-closed.policy';
import { MeetingHeldPolicy } from './policies/meeting-closed.policy';
import { FollowUpScheduledPolicy } from './policies/meeting-scheduled.policy';
import { PlanAgreedPolicy } from './policies/plan-agreed.policy';
import { PlanCommandHandler } from './plans/plan.commands';
import { PlansHttp } from './plans/plans.http';
import { Worklist, planFollowupReadModels } from './projections/worklist.projection';

/** Plan follow-up: actions, contacts, follow-up meetings, outcome, feedback. Writes `Plan-*` and `Feedback-*`. */
@Module({
  imports: [
    CqrsModule,
    ServiceEventStoreModule.forService({ service: 'plan-followup', categories: ['Plan', 'Feedback'], publishes: PLAN_FOLLOWUP_CONTRACTS }),
    ProjectionsModule,
  ],
  controllers: [PlansHttp],
  providers: [
    PlanCommandHandler,
    PlanAgreedPolicy,
    FollowUpScheduledPolicy,
    MeetingHeldPolicy,
    ...planFollowupReadModels,
    Worklist,
    CaseRetention,
  ],
})
export class PlanFollowupModule {}
