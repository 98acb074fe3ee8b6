import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PLAN_FOLLOWUP_CONTRACTS, isEvent, type IntegrationEvent, type Opened } from '@perheverkko/contracts';
import { MessagingHost, PersonalDataHost, reactionMetadata, ReactionPolicy } from '@perheverkko/service-host';
import { ExecuteConveningCommand } from '../convenings/convening.commands';

/**
 * Plan follow-up asks for a follow-up meeting: convening notes it for the convener, who then invites and schedules
 * it the same way as the first. Idempotent through the event id, like every policy here.
 */
@Injectable()
export class FollowUpRequestedPolicy extends ReactionPolicy {
  readonly consumer = 'convening.follow-up-requested';
  readonly handles = ['FollowUpMeetingRequested'];
  protected readonly listensTo = { schema: 'convening', sources: ['plan-followup'], contracts: PLAN_FOLLOWUP_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataHost,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    if (!isEvent(event, 'FollowUpMeetingRequested')) return;
    const data: Opened<typeof event.data> = await (await this.personalData.get()).openFields(event.caseId, event.data);
    await this.commands.execute(
      new ExecuteConveningCommand({
        type: 'NoteFollowUpRequest',
        data: {
          requestedBy: data.requestedBy,
          requestedAt: data.requestedAt,
          reason: typeof data.reason === 'string' ? data.reason : '(erased)',
        },
        metadata: reactionMetadata(event, 'convening'),
      }),
    );
  }
}
