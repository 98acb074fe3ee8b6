import { Injectable } from '@nestjs/common';
import { CONVENING_CONTRACTS, MEETING_CHANGES, type IntegrationEventOf, type MeetingChange } from '@perheverkko/contracts';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecutePlanCommand } from '../plans/plan.commands';

/**
 * Convening scheduled, moved or cancelled a meeting: a follow-up one is noted in the case's tracking at its time,
 * at its new time, or as called off; idempotently by event id. One consumer for the three, so a case's meeting
 * events are noted in the order convening recorded them.
 */
@Injectable()
export class FollowUpScheduledPolicy extends CommandingPolicy<MeetingChange> {
  readonly consumer = 'plan-followup.meetings';
  readonly handles = [...MEETING_CHANGES];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<MeetingChange>) {
    const { meetingId, number, startsAt } = event.data;
    const metadata = reactionMetadata(event, 'plan-followup');
    return new ExecutePlanCommand(
      event.type === 'MeetingCancelled'
        ? { type: 'NoteMeetingCancelled', data: { meetingId, number }, metadata }
        : {
            type: event.type === 'MeetingRescheduled' ? 'NoteMeetingRescheduled' : 'NoteMeetingScheduled',
            data: { meetingId, number, startsAt },
            metadata,
          },
    );
  }
}
