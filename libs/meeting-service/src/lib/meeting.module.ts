import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MEETING_CONTRACTS } from '@perheverkko/contracts';
import { ServiceEventStoreModule } from '@perheverkko/service-host';
import { MeetingScheduledPolicy } from './policies/meeting-scheduled.policy';
import { CaseChildrenPolicy } from './policies/concern-registered.policy';
import { MeetingCommandHandler } from './meetings/meeting.commands';
import { MeetingsHttp } from './meetings/meetings.http';

/**
 * Meeting: the joint meeting, the Wellbeing Star, the joint plan and the responsible worker. Writes `Meeting-*`, and
 * `CaseChildren-*` (how many children each case concerns, noted from intake's registration).
 */
@Module({
  imports: [
    CqrsModule,
    ServiceEventStoreModule.forService({ service: 'meeting', categories: ['Meeting', 'CaseChildren'], publishes: MEETING_CONTRACTS }),
  ],
  controllers: [MeetingsHttp],
  providers: [MeetingCommandHandler, MeetingScheduledPolicy, CaseChildrenPolicy],
})
export class MeetingModule {}
