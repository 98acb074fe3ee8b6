import { Injectable } from '@nestjs/common';
import { INTAKE_CONTRACTS, type IntegrationEventOf, type Opened } from '@perheverkko/contracts';
import { CommandingPolicy, reactionMetadata } from '@perheverkko/service-host';
import { ExecuteConveningCommand } from '../convenings/convening.commands';

/**
 * Intake routed a concern to a joint meeting: convening opens for the case. The command id is the event's id,
 * so a redelivered event is recognised by the event store and changes nothing.
 *
 * JointMeetingRequested v2 names the case's guardians (sealed with the case key; convening holds the same key):
 * they come along, so a consent can be checked against them. Absent (a v1 request) or unreadable, they stay unknown.
 */
@Injectable()
export class JointMeetingRequestedPolicy extends CommandingPolicy<'JointMeetingRequested'> {
  readonly consumer = 'convening.joint-meeting-requested';
  readonly handles = ['JointMeetingRequested' as const];
  protected readonly listensTo = { schema: 'convening', sources: ['intake'], contracts: INTAKE_CONTRACTS };

  protected commandFor(event: IntegrationEventOf<'JointMeetingRequested'>, data: Opened<typeof event.data>) {
    const guardians =
      Array.isArray(data.guardians) && data.guardians.every((g): g is string => typeof g === 'string') ? data.guardians : undefined;
    return new ExecuteConveningCommand({
      type: 'OpenConvening',
      data: {
        convener: data.convener,
        zone: data.zone,
        concernRegisteredAt: data.concernRegisteredAt,
        requestedAt: data.requestedAt,
        ...(guardians ? { guardians } : {}),
      },
      metadata: reactionMetadata(event, 'convening'),
    });
  }
}
