import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS, isEvent, type IntegrationEvent, type IntegrationEventOf } from '@perheverkko/contracts';
import { MessagingHost, reactionMetadata, ReactionPolicy } from '@perheverkko/service-host';
import { ExecuteMeetingCommand, type MeetingRequest } from '../meetings/meeting.commands';

type Scheduling = IntegrationEventOf<'MeetingScheduled' | 'MeetingRescheduled' | 'MeetingCancelled'>;

/**
 * Convening scheduled a joint meeting: the meeting opens, once, keyed by the event's id like every policy. When
 * convening moves it before it starts, its record moves (steps open before the new start); when convening calls it
 * off, its record refuses every step. One consumer for the three, so a case's events arrive in convening's order.
 */
@Injectable()
export class MeetingScheduledPolicy extends ReactionPolicy {
  readonly consumer = 'meeting.meeting-scheduled';
  readonly handles = ['MeetingScheduled', 'MeetingRescheduled', 'MeetingCancelled'];
  protected readonly listensTo = { schema: 'meeting', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, 'MeetingScheduled', 'MeetingRescheduled', 'MeetingCancelled')) return;
    await this.commands.execute(new ExecuteMeetingCommand(event.data.meetingId, this.commandFor(event)));
  }

  private commandFor(event: Scheduling): MeetingRequest {
    const { data } = event;
    const metadata = reactionMetadata(event, 'meeting');
    switch (event.type) {
      case 'MeetingRescheduled':
        return { type: 'RescheduleMeeting', data: { startsAt: data.startsAt, roomId: data.roomId }, metadata };
      case 'MeetingCancelled':
        return { type: 'CancelMeeting', data: {}, metadata };
      default:
        // The professional who scheduled it (from the envelope) is its convener here too.
        return {
          type: 'OpenMeeting',
          data: {
            meetingId: data.meetingId,
            kind: data.kind,
            number: data.number,
            startsAt: data.startsAt,
            roomId: data.roomId,
            ...(event.actor?.role === 'professional' ? { convenerId: event.actor.id } : {}),
          },
          metadata,
        };
    }
  }
}
