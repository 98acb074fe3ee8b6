import { Injectable } from '@nestjs/common';
import { PLAN_FOLLOWUP_CONTRACTS, type IntegrationEventOf, type Opened } from '@perheverkko/contracts';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecuteConveningCommand } from '../convenings/convening.commands';

/**
 * Plan follow-up asks for a follow-up meeting: convening notes it for the convener, who then invites and schedules
 * it the same way as the first. Idempotent through the event id, like every policy here.
 */
@Injectable()
export class FollowUpRequestedPolicy extends CommandingPolicy<'FollowUpMeetingRequested'> {
  readonly consumer = 'convening.follow-up-requested';
  readonly handles = ['FollowUpMeetingRequested' as const];
  protected readonly listensTo = { schema: 'convening', sources: ['plan-followup'], contracts: PLAN_FOLLOWUP_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<'FollowUpMeetingRequested'>, data: Opened<typeof event.data>) {
    return new ExecuteConveningCommand({
      type: 'NoteFollowUpRequest',
      data: {
        requestedBy: data.requestedBy,
        requestedAt: data.requestedAt,
        reason: typeof data.reason === 'string' ? data.reason : '(erased)',
      },
      metadata: reactionMetadata(event, 'convening'),
    });
  }
}
