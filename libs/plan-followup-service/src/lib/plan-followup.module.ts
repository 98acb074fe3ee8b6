import { Module } from '@nestjs/common';
import { ServiceEventStoreModule } from '@perheverkko/platform';

/** Plan follow-up: actions, contacts, follow-up meetings, outcome, feedback. The only writer of the `Plan-*` streams. */
@Module({
  imports: [ServiceEventStoreModule.forService({ service: 'plan-followup', categories: ['Plan'] })],
})
export class PlanFollowupModule {}
