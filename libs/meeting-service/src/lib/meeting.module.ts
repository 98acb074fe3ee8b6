import { Module } from '@nestjs/common';
import { ServiceEventStoreModule } from '@perheverkko/platform';

/** Meeting: joint meeting, Wellbeing Star, joint plan, responsible worker. The only writer of the `Meeting-*` streams. */
@Module({
  imports: [ServiceEventStoreModule.forService({ service: 'meeting', categories: ['Meeting'] })],
})
export class MeetingModule {}
