import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MEETING_CONTRACTS, isEvent, type IntegrationEvent } from '@perheverkko/contracts';
import { MessagingHost, reactionMetadata, ReactionPolicy } from '@perheverkko/service-host';
import { ExecutePlanCommand } from '../plans/plan.commands';

/**
 * Meeting closed a meeting of the case: it was held, and the 1–3 meeting rule counts it (idempotently by event id
 * and by meeting). A closure recorded before MeetingClosed v2 names no meeting and is not counted here.
 */
@Injectable()
export class MeetingHeldPolicy extends ReactionPolicy {
  readonly consumer = 'plan-followup.meetings-held';
  readonly handles = ['MeetingClosed'];
  protected readonly listensTo = { schema: 'plan_followup', sources: ['meeting'], contracts: MEETING_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, 'MeetingClosed')) return;
    const { meetingId, number, kind, closedAt } = event.data;
    if (!meetingId || number === undefined || !kind) return;
    await this.commands.execute(
      new ExecutePlanCommand({
        type: 'NoteMeetingHeld',
        data: { meetingId, number, kind, heldAt: closedAt },
        metadata: reactionMetadata(event, 'plan-followup'),
      }),
    );
  }
}
