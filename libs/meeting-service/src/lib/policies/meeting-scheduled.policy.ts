import { Injectable } from '@nestjs/common';
import { CONVENING_CONTRACTS, MEETING_CHANGES, type IntegrationEventOf, type MeetingChange } from '@perheverkko/contracts';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecuteMeetingCommand, type MeetingRequest } from '../meetings/meeting.commands';

/**
 * Convening scheduled a joint meeting: the meeting opens, once, keyed by the event's id like every policy. When
 * convening moves it before it starts, its record moves (steps open before the new start); when convening calls it
 * off, its record refuses every step. One consumer for the three, so a case's events arrive in convening's order.
 */
@Injectable()
export class MeetingScheduledPolicy extends CommandingPolicy<MeetingChange> {
  readonly consumer = 'meeting.meeting-scheduled';
  readonly handles = [...MEETING_CHANGES];
  protected readonly listensTo = { schema: 'meeting', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<MeetingChange>) {
    return new ExecuteMeetingCommand(event.data.meetingId, this.requestFor(event));
  }

  private requestFor(event: IntegrationEventOf<MeetingChange>): MeetingRequest {
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
