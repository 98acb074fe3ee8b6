import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { INTAKE_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import type { ConveningCommand } from '@perheverkko/convening-domain';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import { MessagingHost, reactionMetadata } from '@perheverkko/platform';
import { ExecuteConveningCommand } from './convenings/convening-commands';

/**
 * Intake routed a concern to a joint meeting: convening opens for the case. The command id is the event's id,
 * so a redelivered event is recognised by the event store and changes nothing.
 */
@Injectable()
export class JointMeetingRequestedPolicy implements IntegrationEventHandler, OnModuleInit {
  readonly consumer = 'convening.joint-meeting-requested';
  readonly handles = ['JointMeetingRequested'];
  readonly effectsInOwnStore = true;

  constructor(
    private readonly messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({ schema: 'convening', handler: this, sources: ['intake'], contracts: INTAKE_CONTRACTS });
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
