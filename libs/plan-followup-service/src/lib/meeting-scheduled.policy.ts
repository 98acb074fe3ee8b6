import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONVENING_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import { MessagingHost, reactionMetadata } from '@perheverkko/platform';
import { ExecutePlanCommand } from './plans/plan-commands';

/** Convening scheduled a meeting: a follow-up one is noted in the case's tracking, idempotently by event id. */
@Injectable()
export class FollowUpScheduledPolicy implements IntegrationEventHandler, OnModuleInit {
  readonly consumer = 'plan-followup.meetings';
  readonly handles = ['MeetingScheduled'];
  readonly effectsInOwnStore = true;

  constructor(
    private readonly messaging: MessagingHost,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.messaging.registerConsumer({ schema: 'plan_followup', handler: this, sources: ['convening'], contracts: CONVENING_CONTRACTS });
  }

  async handle(event: IntegrationEvent): Promise<void> {
    const { meetingId, number, startsAt } = event.data as { meetingId: string; number: number; startsAt: string };
    await this.commands.execute(new ExecutePlanCommand({ type: 'NoteMeetingScheduled', data: { meetingId, number, startsAt }, metadata: reactionMetadata(event, 'plan-followup') }));
  }
}
