import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MEETING_CONTRACTS } from '@perheverkko/contracts';
import { ServiceEventStoreModule } from '@perheverkko/platform';
import { MeetingScheduledPolicy } from './meeting-scheduled.policy';
import { MeetingCommandHandler } from './meetings/meeting-commands';
import { MeetingsHttp } from './meetings/meetings.http';

/** Meeting: the joint meeting, the Wellbeing Star, the joint plan and the responsible worker. Writes `Meeting-*`. */
@Module({
  imports: [CqrsModule, ServiceEventStoreModule.forService({ service: 'meeting', categories: ['Meeting'], publishes: MEETING_CONTRACTS })],
  controllers: [MeetingsHttp],
  providers: [MeetingCommandHandler, MeetingScheduledPolicy],
})
export class MeetingModule {}
