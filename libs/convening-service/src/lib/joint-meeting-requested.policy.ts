import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { INTAKE_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import type { ConveningCommand } from '@perheverkko/convening-domain';
import { MessagingHost, ReactionPolicy, reactionMetadata } from '@perheverkko/platform';
import { ExecuteConveningCommand } from './convenings/convening-commands';

/**
 * Intake routed a concern to a joint meeting: convening opens for the case. The command id is the event's id,
 * so a redelivered event is recognised by the event store and changes nothing.
 */
@Injectable()
export class JointMeetingRequestedPolicy extends ReactionPolicy {
  readonly consumer = 'convening.joint-meeting-requested';
  readonly handles = ['JointMeetingRequested'];
  protected readonly listensTo = { schema: 'convening', sources: ['intake'], contracts: INTAKE_CONTRACTS };

  constructor(
    messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {
    super(messaging);
  }

  async handle(event: IntegrationEvent): Promise<void> {
    const data = event.data as Extract<ConveningCommand, { type: 'OpenConvening' }>['data'] & { channel: string };
    await this.commands.execute(
      new ExecuteConveningCommand({
        type: 'OpenConvening',
        data: { convener: data.convener, zone: data.zone, concernRegisteredAt: data.concernRegisteredAt, requestedAt: data.requestedAt },
        metadata: reactionMetadata(event, 'convening'),
      }),
    );
  }
}
