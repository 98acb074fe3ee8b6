import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import { MessagingHost, ReactionPolicy, reactionMetadata } from '@perheverkko/platform';
import { ExecuteMeetingCommand } from './meetings/meeting-commands';

/** Convening scheduled a joint meeting: the meeting opens, once, keyed by the event's id like every policy. */
@Injectable()
export class MeetingScheduledPolicy extends ReactionPolicy {
  readonly consumer = 'meeting.meeting-scheduled';
  readonly handles = ['MeetingScheduled'];
  protected readonly listensTo = { schema: 'meeting', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    const data = event.data as { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; roomId: string };
    await this.commands.execute(
      new ExecuteMeetingCommand(data.meetingId, {
        type: 'OpenMeeting',
        // The professional who scheduled it (from the envelope) is its convener here too.
        data: { meetingId: data.meetingId, kind: data.kind, number: data.number, startsAt: data.startsAt, roomId: data.roomId, ...(event.actor?.role === 'professional' ? { convenerId: event.actor.id } : {}) },
        metadata: reactionMetadata(event, 'meeting'),
      }),
    );
  }
}
