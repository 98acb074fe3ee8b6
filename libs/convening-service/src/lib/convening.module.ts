import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS } from '@perheverkko/contracts';
import { ServiceEventStoreModule } from '@perheverkko/service-host';
import { ConveningCommandHandler, MeetingScheduler } from './convenings/convening.commands';
import { ConveningsHttp } from './convenings/convenings.http';
import { FollowUpRequestedPolicy } from './policies/follow-up-requested.policy';
import { InvitationDisclosures } from './policies/invitation-sent.policy';
import { JointMeetingRequestedPolicy } from './policies/joint-meeting-requested.policy';

/** Convening: the family's consent, the invitations, the time and the place. Writes `Convening-*` and `Room-*`. */
@Module({
  imports: [
    CqrsModule,
    ServiceEventStoreModule.forService({ service: 'convening', categories: ['Convening', 'Room'], publishes: CONVENING_CONTRACTS }),
  ],
  controllers: [ConveningsHttp],
  providers: [ConveningCommandHandler, MeetingScheduler, JointMeetingRequestedPolicy, FollowUpRequestedPolicy, InvitationDisclosures],
})
export class ConveningModule {}
