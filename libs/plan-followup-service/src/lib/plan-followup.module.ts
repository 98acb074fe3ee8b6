import { Module } from '@nestjs/common';
import { PLAN_FOLLOWUP_CONTRACTS } from '@perheverkko/contracts';
import { ServiceEventStoreModule } from '@perheverkko/platform';

/** Plan follow-up: actions, contacts, follow-up meetings, outcome, feedback. The only writer of the `Plan-*` streams. */
@Module({
  imports: [ServiceEventStoreModule.forService({ service: 'plan-followup', categories: ['Plan'], publishes: PLAN_FOLLOWUP_CONTRACTS })],
})
export class PlanFollowupModule {}
