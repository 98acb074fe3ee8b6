import { Injectable } from '@nestjs/common';
import { MEETING_CONTRACTS, type IntegrationEventOf } from '@perheverkko/contracts';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecutePlanCommand } from '../plans/plan.commands';

/**
 * Meeting closed a meeting of the case: it was held, and the 1–3 meeting rule counts it (idempotently by event id
 * and by meeting). A closure recorded before MeetingClosed v2 names no meeting and is not counted here.
 */
@Injectable()
export class MeetingHeldPolicy extends CommandingPolicy<'MeetingClosed'> {
  readonly consumer = 'plan-followup.meetings-held';
  readonly handles = ['MeetingClosed' as const];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['meeting'], contracts: MEETING_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<'MeetingClosed'>) {
    const { meetingId, number, kind, closedAt } = event.data;
    if (!meetingId || number === undefined || !kind) return undefined;
    return new ExecutePlanCommand({
      type: 'NoteMeetingHeld',
      data: { meetingId, number, kind, heldAt: closedAt },
      metadata: reactionMetadata(event, 'plan-followup'),
    });
  }
}
