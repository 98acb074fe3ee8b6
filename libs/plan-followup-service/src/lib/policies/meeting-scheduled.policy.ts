import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS, isEvent, type IntegrationEvent } from '@perheverkko/contracts';
import { MessagingHost, reactionMetadata, ReactionPolicy } from '@perheverkko/service-host';
import { ExecutePlanCommand } from '../plans/plan.commands';

/**
 * Convening scheduled, moved or cancelled a meeting: a follow-up one is noted in the case's tracking at its time,
 * at its new time, or as called off; idempotently by event id. One consumer for the three, so a case's meeting
 * events are noted in the order convening recorded them.
 */
@Injectable()
export class FollowUpScheduledPolicy extends ReactionPolicy {
  readonly consumer = 'plan-followup.meetings';
  readonly handles = ['MeetingScheduled', 'MeetingRescheduled', 'MeetingCancelled'];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, 'MeetingScheduled', 'MeetingRescheduled', 'MeetingCancelled')) return;
    const { meetingId, number, startsAt } = event.data;
    const metadata = reactionMetadata(event, 'plan-followup');
    const command =
      event.type === 'MeetingCancelled'
        ? ({ type: 'NoteMeetingCancelled', data: { meetingId, number }, metadata } as const)
        : ({
            type: event.type === 'MeetingRescheduled' ? 'NoteMeetingRescheduled' : 'NoteMeetingScheduled',
            data: { meetingId, number, startsAt },
            metadata,
          } as const);
    await this.commands.execute(new ExecutePlanCommand(command));
  }
}
