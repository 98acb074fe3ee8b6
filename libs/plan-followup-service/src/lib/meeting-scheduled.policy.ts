import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import { MessagingHost, ReactionPolicy, reactionMetadata } from '@perheverkko/platform';
import { ExecutePlanCommand } from './plans/plan-commands';

/** Convening scheduled a meeting: a follow-up one is noted in the case's tracking, idempotently by event id. */
@Injectable()
export class FollowUpScheduledPolicy extends ReactionPolicy {
  readonly consumer = 'plan-followup.meetings';
  readonly handles = ['MeetingScheduled'];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['convening'], contracts: CONVENING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    const { meetingId, number, startsAt } = event.data as { meetingId: string; number: number; startsAt: string };
    await this.commands.execute(new ExecutePlanCommand({ type: 'NoteMeetingScheduled', data: { meetingId, number, startsAt }, metadata: reactionMetadata(event, 'plan-followup') }));
  }
}
