import { Module } from '@nestjs/common';
import { ServiceEventStoreModule } from '@perheverkko/platform';

/** Intake: concerns raised, rated and routed. The only writer of the `Concern-*` streams. */
@Module({
  imports: [ServiceEventStoreModule.forService({ service: 'intake', categories: ['Concern'] })],
})
export class IntakeModule {}
